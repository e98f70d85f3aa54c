import fc from 'fast-check';
import type { JsonValue } from '../../instrument-sdk/src';
import { canonicalJson, definitionChecksum } from './definition-checksum';

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
});
