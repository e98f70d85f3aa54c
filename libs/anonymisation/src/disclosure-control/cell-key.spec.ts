import fc from 'fast-check';
import { addToCellKey, MAGNITUDE_SHARE, magnitudeNoise, recordKeyParts } from './cell-key';
import { KEY_SPACE } from './perturbation-table';

describe('cell keys', () => {
  it('split a record key into a cell-key share (low bits) and a non-zero sketch element', () => {
    expect(recordKeyParts('0')).toEqual({ cellKey: 0, element: 0x80000000 });
    expect(recordKeyParts(0x7fffffffffffffffn)).toEqual({
      cellKey: 0xffffffff,
      element: 0xffffffff,
    });
    expect(recordKeyParts('4294967297')).toEqual({ cellKey: 1, element: 0x80000001 });
    expect(() => recordKeyParts(-1n)).toThrow(RangeError);
    expect(() => recordKeyParts(1n << 63n)).toThrow(RangeError);
  });

  it('sum shares modulo 2^32, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: KEY_SPACE - 1 })), (shares) => {
        const forward = shares.reduce(addToCellKey, 0);
        const backward = [...shares].reverse().reduce(addToCellKey, 0);
        expect(forward).toBe(backward);
        expect(forward).toBe(
          Number(shares.reduce((s, x) => s + BigInt(x), 0n) % BigInt(KEY_SPACE)),
        );
      }),
    );
  });

  it('give magnitude noise that is bounded by the share of the scale and unbiased', () => {
    const keys = 100000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < keys; i++) {
      const noise = magnitudeNoise(Math.floor((i + 0.5) * (KEY_SPACE / keys)), 10);
      expect(Math.abs(noise)).toBeLessThanOrEqual(MAGNITUDE_SHARE * 10);
      sum += noise;
      squares += noise * noise;
    }
    expect(sum / keys).toBeCloseTo(0, 2);
    // Triangular on [−1, 1] has variance 1/6.
    expect(squares / keys).toBeCloseTo((MAGNITUDE_SHARE * 10) ** 2 / 6, 1);
    expect(magnitudeNoise(12345, 10)).toBe(magnitudeNoise(12345, 10));
  });
});
