/**
 * What a partner sees of one row of an aggregate table (a group: the respondents sharing the
 * groupBy values, or everyone in scope), given its true statistics and cell keys. Pure.
 *
 * - A group of fewer than k respondents is left out of the answer altogether: listing it, even as
 *   suppressed, would tell that it is not empty.
 * - Dominance: a group whose answers all fall in one category, or all but fewer than k, is
 *   protected (every cell suppressed): knowing someone belongs to it would tell their answer. For a
 *   single choice (or boolean) the categories are the options and "no answer"; each option of a
 *   multiple choice is its own yes/no question (suppressed when fewer than k respondents, or all
 *   but fewer than k, ticked it); for a number, each distinct value is a category.
 * - Every other count is published through the perturbation table at (count, cell key), zeros
 *   included (a zero stays zero; a published zero may hide 1..k−1).
 * - Numbers: the count is perturbed, the mean is (sum + magnitude noise) / n, and quartiles are
 *   given only from `quantileMinimum` respondents on (never fewer than 10).
 */
import { magnitudeNoise, perturbCount } from './cell-key';

export type ProtectionReason = 'SMALL_GROUP' | 'DOMINANCE' | 'NEAR_POPULATION';

/** The least number of respondents for which quartiles (and the median) may be published. */
export const MIN_QUANTILE_RESPONDENTS = 10;

export interface CountCellStats {
  /** The option counted (null: no answer). */
  value: string | null;
  /** Distinct respondents in the cell. */
  count: number;
  /** Sum of their record keys' shares, mod 2^32. */
  cellKey: number;
}

export interface CountRowStats {
  group: Record<string, string | null>;
  /** Distinct respondents in the group. */
  population: number;
  /** Every value to list, zeros included (options are public; which of them are empty is not). */
  cells: CountCellStats[];
}

export interface NumericRowStats {
  group: Record<string, string | null>;
  /** Respondents with a value (one value each: blocks of a repeat are averaged first). */
  count: number;
  cellKey: number;
  sum: number;
  /** The values, ascending. */
  sorted: ArrayLike<number>;
}

export interface ProtectedCell {
  group: Record<string, string | null>;
  value: string | null;
  count: number | null;
  suppressed: boolean;
  reason: ProtectionReason | null;
  mean?: number | null;
  median?: number | null;
  q1?: number | null;
  q3?: number | null;
}

export interface CountRowOptions {
  k: number;
  /** `multiple`: each option is a yes/no question of its own (cells do not add up to the row). */
  kind: 'categorical' | 'multiple';
}

/** The published cells of a row of counts, or null when the row is left out (fewer than k). */
export function publishCountRow(
  row: CountRowStats,
  options: CountRowOptions,
): ProtectedCell[] | null {
  const { k, kind } = options;
  if (row.population < k) return null;
  const suppressed = (cell: CountCellStats, reason: ProtectionReason): ProtectedCell => ({
    group: row.group,
    value: cell.value,
    count: null,
    suppressed: true,
    reason,
  });
  const shown = (cell: CountCellStats): ProtectedCell => ({
    group: row.group,
    value: cell.value,
    count: perturbCount(cell.count, cell.cellKey, k),
    suppressed: false,
    reason: null,
  });
  if (kind === 'categorical') {
    const largest = row.cells.reduce((max, cell) => Math.max(max, cell.count), 0);
    if (row.population - largest < k) return row.cells.map((cell) => suppressed(cell, 'DOMINANCE'));
    return row.cells.map(shown);
  }
  return row.cells.map((cell) =>
    cell.count < k || row.population - cell.count < k ? suppressed(cell, 'DOMINANCE') : shown(cell),
  );
}

export interface NumericRowOptions {
  k: number;
  /** The span of the field's values (declared bounds, else observed): the scale of the noise. */
  scale: number;
  /** Quartiles from this many respondents on; raised to MIN_QUANTILE_RESPONDENTS if lower. */
  quantileMinimum: number;
}

/** The published summary of a row of numbers, or null when the row is left out (fewer than k). */
export function publishNumericRow(
  row: NumericRowStats,
  options: NumericRowOptions,
): ProtectedCell | null {
  const { k, scale } = options;
  if (row.count < k) return null;
  const base = { group: row.group, value: null };
  if (row.count - modalCount(row.sorted) < k) {
    return {
      ...base,
      count: null,
      suppressed: true,
      reason: 'DOMINANCE',
      mean: null,
      median: null,
      q1: null,
      q3: null,
    };
  }
  const quartiles = row.count >= Math.max(MIN_QUANTILE_RESPONDENTS, options.quantileMinimum);
  return {
    ...base,
    count: perturbCount(row.count, row.cellKey, k),
    suppressed: false,
    reason: null,
    mean: round((row.sum + magnitudeNoise(row.cellKey, scale)) / row.count),
    median: quartiles ? round(quantile(row.sorted, 0.5)) : null,
    q1: quartiles ? round(quantile(row.sorted, 0.25)) : null,
    q3: quartiles ? round(quantile(row.sorted, 0.75)) : null,
  };
}

/** How many respondents share the most frequent value. */
function modalCount(sorted: ArrayLike<number>): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === sorted[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** Linear interpolation between order statistics, as PostgreSQL's percentile_cont. */
export function quantile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return NaN;
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
