import fc from 'fast-check';
import { canonicalJson, definitionChecksum } from './definition-checksum';

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
});
