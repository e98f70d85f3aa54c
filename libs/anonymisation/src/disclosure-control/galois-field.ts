/**
 * Arithmetic in GF(2^32), the field the population sketches live in (population-sketch.ts).
 *
 * Built as a tower GF((2^16)^2): GF(2^16) by log/antilog tables over the primitive polynomial
 * x^16 + x^5 + x^3 + x^2 + 1, then GF(2^16)[y] / (y^2 + y + λ) with λ the smallest element of
 * absolute trace 1 (so the quadratic has no root in GF(2^16) and the quotient is a field). Any
 * field of 2^32 elements serves the sketch; the tower keeps every product to a few table look-ups
 * in plain JavaScript numbers. An element is an unsigned 32-bit integer: high half · y + low half.
 * Pure and deterministic.
 */

const ORDER16 = 0xffff;
const PRIMITIVE16 = 0x1002d;

const EXP = new Uint16Array(2 * ORDER16);
const LOG = new Int32Array(ORDER16 + 1);
{
  let value = 1;
  for (let power = 0; power < ORDER16; power++) {
    EXP[power] = value;
    LOG[value] = power;
    value <<= 1;
    if (value & 0x10000) value ^= PRIMITIVE16;
  }
  for (let power = ORDER16; power < 2 * ORDER16; power++) EXP[power] = EXP[power - ORDER16];
  LOG[0] = -1;
}

/** The product in GF(2^16). */
export function multiply16(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

function trace16(a: number): number {
  let sum = 0;
  let power = a;
  for (let i = 0; i < 16; i++) {
    sum ^= power;
    power = multiply16(power, power);
  }
  return sum;
}

/** λ of the quadratic extension: the smallest element of GF(2^16) whose trace is 1. */
export const LAMBDA = (() => {
  for (let candidate = 1; candidate <= ORDER16; candidate++) {
    if (trace16(candidate) === 1) return candidate;
  }
  throw new Error('GF(2^16) has no element of trace 1');
})();

/** The product in GF(2^32) (Karatsuba over the two halves). */
export function multiply(a: number, b: number): number {
  const a1 = a >>> 16;
  const a0 = a & 0xffff;
  const b1 = b >>> 16;
  const b0 = b & 0xffff;
  const high = multiply16(a1, b1);
  const low = multiply16(a0, b0);
  const cross = multiply16(a1 ^ a0, b1 ^ b0) ^ high ^ low;
  // (a1·b1) y² + cross · y + a0·b0, with y² = y + λ.
  return (((cross ^ high) << 16) | (low ^ multiply16(high, LAMBDA))) >>> 0;
}

/** a² in GF(2^32). */
export function square(a: number): number {
  const a1 = a >>> 16;
  const a0 = a & 0xffff;
  const high = multiply16(a1, a1);
  return ((high << 16) | (multiply16(a0, a0) ^ multiply16(high, LAMBDA))) >>> 0;
}

/** 1/a in GF(2^32); throws on 0. */
export function inverse(a: number): number {
  if (a === 0) throw new RangeError('0 has no inverse');
  const a1 = a >>> 16;
  const a0 = a & 0xffff;
  // (a1 y + a0)(a1 y + a0 + a1) = a0² + a0·a1 + λ·a1², an element of GF(2^16).
  const norm = multiply16(a0, a0) ^ multiply16(a0, a1) ^ multiply16(multiply16(a1, a1), LAMBDA);
  const inverseNorm = EXP[ORDER16 - LOG[norm]];
  return ((multiply16(a1, inverseNorm) << 16) | multiply16(a0 ^ a1, inverseNorm)) >>> 0;
}
