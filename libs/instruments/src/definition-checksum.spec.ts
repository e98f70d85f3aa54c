import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkDefinition, type JsonObject } from '@observatory/instrument-sdk';
import { canonicalJson, definitionChecksum } from './definition-checksum';

/** The checksums the built-in versions were published with, before their files had `$schema`. */
const PUBLISHED: Record<string, string> = {
  'debrief/versions/techess-debrief@1.0.0.json':
    '6d56bde1d7a03cbe07eeb1885d2a8b26953e940fc62e202850f1b3df061eefa2',
  'observation-grid/versions/techess-observation-day1@1.0.0.json':
    '4ce201bebdc559e7ca638861cedc86a9c5f0ebceef40617c3ee3f5c2b75e4bf7',
  'observation-grid/versions/techess-observation-day2@1.0.0.json':
    '4256c1cb7e118e650812d8bbba7f464aeed8a1f22e10b17b4c0164b6b7a2112f',
  'questionnaire/versions/microobs-mediators@1.0.0.json':
    'bf494568868396419145bb9b56576024d6fbb1a7852e6d6d78587881fae20acd',
  'skills-test/versions/techess-pic-test@1.0.0.json':
    '5a76ba474bfef1c1c0d1072bc7ceaf290e067bd6355f74fd5dc87687c9ecffb6',
};
const INSTRUMENTS = path.resolve(__dirname, '../../../instruments');

describe('definitionChecksum', () => {
  it('ignores the order of object keys', () => {
    expect(definitionChecksum({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(
      definitionChecksum({ b: [1, { d: 3, c: 2 }], a: 1 }),
    );
  });

  it('changes with any value', () => {
    expect(definitionChecksum({ a: 'Âge' })).not.toBe(definitionChecksum({ a: 'Age' }));
    expect(definitionChecksum([1, 2])).not.toBe(definitionChecksum([2, 1]));
  });

  it('produces JSON that parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value as never))).toEqual(
          JSON.parse(JSON.stringify(value)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it.each(Object.entries(PUBLISHED))(
    'keeps the published checksum of %s: its $schema is an editor hint, not content',
    (file, checksum) => {
      const content: unknown = JSON.parse(fs.readFileSync(path.join(INSTRUMENTS, file), 'utf8'));
      expect(content).toHaveProperty('$schema');
      const { definition } = checkDefinition(content);
      expect(definition).not.toHaveProperty('$schema');
      expect(definitionChecksum(definition as unknown as JsonObject)).toBe(checksum);
    },
  );
});
