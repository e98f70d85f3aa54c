/**
 * Population sketches: a fixed-size summary of a set of respondents from which the size of the
 * symmetric difference of two sets can be read exactly when it is small, without keeping who is
 * in either set. The service remembers the sketch of every population it answered and refuses a
 * population within 0..k−1 respondents of one already answered under another description
 * (see docs/disclosure-control.md, "Trackers").
 *
 * The method is PinSketch (Dodis, Ostrovsky, Reyzin and Smith, "Fuzzy extractors", 2004; the
 * `minisketch` library of Bitcoin's Erlay): a respondent is a non-zero element x of GF(2^32)
 * (derived from its record key), and the sketch of a set A holds the odd power sums
 * S_j = Σ_{x ∈ A} x^j for j = 1, 3, …, 2t − 1. Sums are XORs, so sketch(A) XOR sketch(B) is the
 * sketch of A Δ B; the even sums follow by squaring (S_2j = S_j²). When |A Δ B| ≤ t, the
 * Berlekamp–Massey algorithm on S_1..S_2t finds the error-locator polynomial, whose degree is
 * exactly |A Δ B|. When the difference is larger, the power sums are those of a large random-
 * looking set, and a locator of degree L ≤ t − m appears with probability about 2^(−32·m): with the
 * margin m ≥ 3 kept here, a large difference is never taken for a small one in practice (a false
 * "small" would only refuse an answer, never disclose one).
 *
 * Two respondents whose elements collide (about 2 pairs among 100,000, with 31 random bits each)
 * cancel out only when both are in the difference. Pure and deterministic.
 */
import { inverse, multiply, square } from './galois-field';

/** The largest threshold k the service supports (perturbation tables and sketches are built for it). */
export const MAX_K = 15;
/** Extra power sums beyond k − 1, so that a large difference is not mistaken for a small one. */
export const SKETCH_MARGIN = 3;
/** Odd power sums kept per sketch: enough to read differences up to MAX_K − 1 respondents. */
export const SKETCH_CAPACITY = MAX_K - 1 + SKETCH_MARGIN;

/** The odd powers x, x³, …, x^(2t−1) of each element, row after row: their sketch terms. */
export function sketchTerms(elements: ArrayLike<number>, capacity = SKETCH_CAPACITY): Uint32Array {
  const terms = new Uint32Array(elements.length * capacity);
  for (let i = 0; i < elements.length; i++) {
    const x = elements[i] >>> 0;
    if (x === 0) throw new RangeError('a sketch element must be non-zero');
    const x2 = square(x);
    let power = x;
    const row = i * capacity;
    for (let j = 0; j < capacity; j++) {
      terms[row + j] = power;
      power = multiply(power, x2);
    }
  }
  return terms;
}

/** The sketch of an empty set. */
export function emptySketch(capacity = SKETCH_CAPACITY): Uint32Array {
  return new Uint32Array(capacity);
}

/** Adds (or removes: it is the same) the element at `row` of a terms table to `sketch`. */
export function toggle(sketch: Uint32Array, terms: Uint32Array, row: number): void {
  const capacity = sketch.length;
  const start = row * capacity;
  for (let j = 0; j < capacity; j++) sketch[j] ^= terms[start + j];
}

/** The sketch of the symmetric difference of the sets behind `a` and `b`. */
export function difference(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (a.length !== b.length) throw new RangeError('sketches of different capacities');
  const out = new Uint32Array(a.length);
  for (let j = 0; j < a.length; j++) out[j] = a[j] ^ b[j];
  return out;
}

/**
 * |A Δ B| when it is at most `limit`, else null. `limit` must leave SKETCH_MARGIN power sums
 * unused (limit ≤ capacity − margin), or a large difference could pass for a small one.
 */
export function symmetricDifference(a: Uint32Array, b: Uint32Array, limit: number): number | null {
  const capacity = a.length;
  if (!Number.isInteger(limit) || limit < 0 || limit > capacity - SKETCH_MARGIN) {
    throw new RangeError(`limit must be between 0 and ${capacity - SKETCH_MARGIN}`);
  }
  const odd = difference(a, b);
  // S_1 … S_2t: odd ones from the sketch, S_2j = S_j².
  const syndromes = new Uint32Array(2 * capacity);
  for (let j = 1; j <= 2 * capacity; j++) {
    syndromes[j - 1] = j % 2 === 1 ? odd[(j - 1) / 2] : square(syndromes[j / 2 - 1]);
  }
  const degree = linearComplexity(syndromes);
  return degree <= limit ? degree : null;
}

/** Berlekamp–Massey over GF(2^32): the length of the shortest recurrence generating `sequence`. */
function linearComplexity(sequence: Uint32Array): number {
  const n = sequence.length;
  let current = new Uint32Array(n + 1);
  let previous = new Uint32Array(n + 1);
  current[0] = 1;
  previous[0] = 1;
  let length = 0;
  let shift = 1;
  let lastDiscrepancy = 1;
  for (let step = 0; step < n; step++) {
    let discrepancy = sequence[step];
    for (let i = 1; i <= length; i++) discrepancy ^= multiply(current[i], sequence[step - i]);
    if (discrepancy === 0) {
      shift += 1;
      continue;
    }
    const factor = multiply(discrepancy, inverse(lastDiscrepancy));
    const next = current.slice();
    for (let i = 0; i + shift <= n; i++) next[i + shift] ^= multiply(factor, previous[i]);
    if (2 * length <= step) {
      previous = current;
      length = step + 1 - length;
      lastDiscrepancy = discrepancy;
      shift = 1;
    } else {
      shift += 1;
    }
    current = next;
  }
  return length;
}

/** A sketch as stored (little-endian 32-bit words). */
export function sketchBytes(sketch: Uint32Array): Buffer {
  const bytes = Buffer.alloc(sketch.length * 4);
  for (let j = 0; j < sketch.length; j++) bytes.writeUInt32LE(sketch[j], j * 4);
  return bytes;
}

export function sketchFromBytes(bytes: Uint8Array): Uint32Array {
  if (bytes.length % 4 !== 0) throw new RangeError('a stored sketch is whole 32-bit words');
  const buffer = Buffer.from(bytes);
  const sketch = new Uint32Array(bytes.length / 4);
  for (let j = 0; j < sketch.length; j++) sketch[j] = buffer.readUInt32LE(j * 4);
  return sketch;
}
