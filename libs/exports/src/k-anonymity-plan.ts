/**
 * k-anonymity over the declared quasi-identifiers of an export table, planned from the counts of
 * their combinations (not from the rows), so an export of any size needs memory for the distinct
 * combinations only. The plan is then applied row by row while streaming.
 */
export type QuasiValue = string | number | boolean | null;

export interface KAnonymityPlan {
  /** Quasi columns (indexes into the quasi values) recoded to `*` in every row. */
  starred: number[];
  /** Combinations (after starring) whose rows are dropped. */
  suppressed: Set<string>;
  /** Rows dropped. */
  suppressedRows: number;
}

export const STAR = '*';
/** Below this share of rows in small classes, suppressing them costs less than recoding a column. */
const SUPPRESSION_BUDGET = 0.05;

export function combinationKey(values: readonly QuasiValue[]): string {
  return JSON.stringify(values);
}

export function applyStars(
  values: readonly QuasiValue[],
  starred: readonly number[],
): QuasiValue[] {
  return values.map((value, index) => (starred.includes(index) ? STAR : value));
}

/**
 * Full-domain recoding one column at a time (the column with the most distinct values among the
 * rows in classes under k), until the rows left in small classes fit the suppression budget;
 * those are then suppressed. Deterministic.
 */
export function planKAnonymity(
  counts: Map<string, { values: QuasiValue[]; count: number }>,
  k: number,
): KAnonymityPlan {
  const starred: number[] = [];
  const width = counts.values().next().value?.values.length ?? 0;
  const total = [...counts.values()].reduce((sum, entry) => sum + entry.count, 0);
  for (;;) {
    const classes = new Map<string, { values: QuasiValue[]; count: number }>();
    for (const entry of counts.values()) {
      const values = applyStars(entry.values, starred);
      const key = combinationKey(values);
      const existing = classes.get(key);
      if (existing) existing.count += entry.count;
      else classes.set(key, { values, count: entry.count });
    }
    const small = [...classes.entries()].filter(([, entry]) => entry.count < k);
    const smallRows = small.reduce((sum, [, entry]) => sum + entry.count, 0);
    const candidates = [...Array(width).keys()].filter((index) => !starred.includes(index));
    if (
      smallRows === 0 ||
      smallRows <= Math.floor(total * SUPPRESSION_BUDGET) ||
      candidates.length === 0
    ) {
      return { starred, suppressed: new Set(small.map(([key]) => key)), suppressedRows: smallRows };
    }
    const distinct = (index: number): number =>
      new Set(small.map(([, entry]) => JSON.stringify(entry.values[index]))).size;
    const next = candidates.reduce(
      (best, index) => (distinct(index) > distinct(best) ? index : best),
      candidates[0],
    );
    starred.push(next);
  }
}
