import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkDefinition, type JsonObject, type JsonValue } from '@observatory/instrument-sdk';
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

/** canonicalJson as it was written first: the text stored checksums were computed from. */
function firstCanonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(firstCanonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${firstCanonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

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

  it('keeps the checksums already stored: the same text as the first canonicalJson', () => {
    // A definition checksum computed before issue 17 rewrote canonicalJson for speed.
    expect(definitionChecksum({ b: [1, 'é', { d: null, c: true }], a: -0.5, 'é\n': '"' })).toBe(
      'd90e3d71e46951aab84097cd4cb1349dbd6781b2665b8507a41d2cfe3aa78d4c',
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value as JsonValue)).toBe(firstCanonicalJson(value as JsonValue));
      }),
      { numRuns: 2000 },
    );
    // eslint-disable-next-line no-sparse-arrays -- a hole, which parsed JSON never has
    const unusual = [[1, , 2], [undefined], { a: undefined }, { a: new Date(0) }];
    for (const value of unusual) {
      expect(canonicalJson(value as never)).toBe(firstCanonicalJson(value as never));
    }
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
