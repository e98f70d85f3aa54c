import fc from 'fast-check';
import {
  emptySketch,
  SKETCH_CAPACITY,
  SKETCH_MARGIN,
  sketchBytes,
  sketchFromBytes,
  sketchTerms,
  symmetricDifference,
  toggle,
} from './population-sketch';

/** Distinct non-zero elements: a universe of respondents. */
const universe = (size: number, seed: number): Uint32Array => {
  const seen = new Set<number>();
  let state = seed >>> 0 || 1;
  while (seen.size < size) {
    // xorshift32: deterministic, good enough to spread elements over the field.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    if (state !== 0) seen.add(state);
  }
  return Uint32Array.from(seen);
};

const sketchOf = (terms: Uint32Array, members: Iterable<number>): Uint32Array => {
  const sketch = emptySketch();
  for (const row of members) toggle(sketch, terms, row);
  return sketch;
};

const LIMIT = SKETCH_CAPACITY - SKETCH_MARGIN;

describe('population sketches', () => {
  const elements = universe(400, 12345);
  const terms = sketchTerms(elements);

  it('reads the exact size of any symmetric difference up to the limit', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 399 }), { maxLength: 150 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 399 }), { maxLength: LIMIT }),
        (base, flips) => {
          const a = new Set(base);
          const b = new Set(base);
          for (const row of flips) {
            if (b.has(row)) b.delete(row);
            else b.add(row);
          }
          expect(symmetricDifference(sketchOf(terms, a), sketchOf(terms, b), LIMIT)).toBe(
            flips.length,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('says "not small" for differences beyond the limit', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 399 }), { minLength: LIMIT + 1, maxLength: 300 }),
        fc.integer({ min: 0, max: LIMIT }),
        (flips, limit) => {
          expect(symmetricDifference(sketchOf(terms, flips), emptySketch(), limit)).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tells a difference of exactly k − 1 from one of k, at every supported k', () => {
    for (let k = 3; k <= LIMIT + 1; k++) {
      const below = sketchOf(
        terms,
        Array.from({ length: k - 1 }, (_, i) => i * 3),
      );
      const at = sketchOf(
        terms,
        Array.from({ length: k }, (_, i) => i * 3 + 1),
      );
      expect(symmetricDifference(below, emptySketch(), k - 1)).toBe(k - 1);
      expect(symmetricDifference(at, emptySketch(), k - 1)).toBeNull();
    }
  });

  it('does not depend on the order in which members are added', () => {
    const members = [5, 17, 3, 250, 99, 42];
    expect(sketchOf(terms, members)).toEqual(sketchOf(terms, [...members].reverse()));
  });

  it('refuses a limit that would eat into the safety margin, and a zero element', () => {
    expect(() => symmetricDifference(emptySketch(), emptySketch(), LIMIT + 1)).toThrow(RangeError);
    expect(() => sketchTerms([0])).toThrow(RangeError);
  });

  it('stores and reads back a sketch byte for byte', () => {
    const sketch = sketchOf(terms, [1, 2, 3, 100]);
    expect(sketchFromBytes(sketchBytes(sketch))).toEqual(sketch);
    expect(sketchBytes(sketch)).toHaveLength(SKETCH_CAPACITY * 4);
  });
});
