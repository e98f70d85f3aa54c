/**
 * The cell-key method (Thompson, Broadfoot and Elazar 2013, ABS TableBuilder; Giessing and Tent
 * 2019): every respondent carries a permanent random record key; a cell's key is the sum of the
 * record keys of exactly the respondents in it, modulo 2^32, so it is uniform and the same
 * whenever the same respondents make up the cell. The published count is read from the
 * perturbation table at (true count, cell key); magnitudes (sums behind means) get noise read from
 * the same cell key. Same cell and same respondents: same figure, in every query and export and
 * after any restart. Pure.
 */
import committed from './perturbation-tables.json';
import { MAX_K } from './population-sketch';
import {
  generatePerturbationTable,
  KEY_SPACE,
  perturbedCount,
  type PerturbationTable,
} from './perturbation-table';

/** The smallest threshold the perturbation tables are built for. */
export const MIN_PERTURBATION_K = 3;
/** D and V of every perturbation table the service uses (see docs/disclosure-control.md). */
export const PERTURBATION = { maxDeviation: 3, variance: 1 } as const;
/**
 * Magnitudes: the noise added to a sum is MAGNITUDE_SHARE × the field's scale × t, with t from a
 * triangular distribution on [−1, 1] read from the cell key (unbiased, variance 1/6).
 */
export const MAGNITUDE_SHARE = 0.5;

/** The committed tables, one per k from MIN_PERTURBATION_K to MAX_K, as the generator wrote them. */
export const PERTURBATION_TABLES: readonly PerturbationTable[] = (
  committed as { tables: PerturbationTable[] }
).tables;

/** Writes what perturbation-tables.json must contain (scripts/generate-perturbation-tables.ts). */
export function generatedPerturbationTables(): { tables: PerturbationTable[] } {
  const tables: PerturbationTable[] = [];
  for (let k = MIN_PERTURBATION_K; k <= MAX_K; k++) {
    tables.push(generatePerturbationTable({ k, ...PERTURBATION }));
  }
  return { tables };
}

export function perturbationTableFor(k: number): PerturbationTable {
  const table = PERTURBATION_TABLES.find((candidate) => candidate.k === k);
  if (!table) {
    throw new RangeError(`no perturbation table for k = ${k} (${MIN_PERTURBATION_K}..${MAX_K})`);
  }
  return table;
}

/** The two uses of a record key: its share of a cell key, and its element in population sketches. */
export interface RecordKeyParts {
  /** Low 32 bits: summed (mod 2^32) into cell keys. */
  cellKey: number;
  /** High 31 bits, with the top bit set so it is never 0: a GF(2^32) element for sketches. */
  element: number;
}

/** Splits a stored record key (a non-negative 63-bit integer, as bigint or decimal string). */
export function recordKeyParts(recordKey: bigint | string): RecordKeyParts {
  const key = BigInt(recordKey);
  if (key < 0n || key >= 1n << 63n) throw new RangeError('a record key is a 63-bit integer');
  return {
    cellKey: Number(key & 0xffffffffn),
    element: (Number(key >> 32n) | 0x80000000) >>> 0,
  };
}

/** Adds a record key's share to a cell key (mod 2^32). */
export function addToCellKey(cellKey: number, share: number): number {
  return (cellKey + share) >>> 0;
}

/** The published count of a cell under threshold k. */
export function perturbCount(count: number, cellKey: number, k: number): number {
  return perturbedCount(perturbationTableFor(k), count, cellKey);
}

/**
 * The noise to add to a cell's sum of a numeric field whose values span `scale`: unbiased,
 * at most MAGNITUDE_SHARE × scale either way. Read from a scrambled copy of the cell key, so it
 * does not move with the count's noise.
 */
export function magnitudeNoise(cellKey: number, scale: number): number {
  const u = scramble(cellKey) / KEY_SPACE;
  // Inverse CDF of the triangular distribution on [−1, 1].
  const t = u < 0.5 ? -1 + Math.sqrt(2 * u) : 1 - Math.sqrt(2 * (1 - u));
  return MAGNITUDE_SHARE * scale * t;
}

/** A fixed bijection of 32-bit integers (the murmur3 finaliser). */
function scramble(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
