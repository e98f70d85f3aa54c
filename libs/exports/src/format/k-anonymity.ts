import type { CellValue } from './export-types';

/** What a generalised quasi value becomes; the table schemas list it as a missing value. */
export const MASKED_VALUE = '*';

/** At most this share of rows (rounded down) may be dropped instead of generalising further. */
const SUPPRESSION_SHARE = 0.05;

export interface KAnonymityResult {
  rows: CellValue[][];
  suppressedRows: number;
  /** Indexes of the quasi columns masked in every row, in the order they were masked. */
  generalisedColumns: number[];
}

/**
 * k-anonymity over the quasi columns by full-domain recoding then suppression. While some
 * combination of quasi values occurs in fewer than `k` rows: if those rows are at most 5 % of all
 * rows (rounded down) they are dropped; otherwise the quasi column with the most distinct values
 * among them (the first such in `quasiIndexes` on a tie) is masked with `*` in every row. Pure:
 * the input is not modified, and the same input gives the same output.
 */
export function enforceKAnonymity(
  rows: readonly (readonly CellValue[])[],
  quasiIndexes: readonly number[],
  k: number,
): KAnonymityResult {
  let current = rows.map((row) => [...row]);
  const generalisedColumns: number[] = [];
  const quasi = [...new Set(quasiIndexes)];
  const allowedSuppressions = Math.floor(rows.length * SUPPRESSION_SHARE);

  for (;;) {
    const offending = rowsInSmallClasses(current, quasi, k);
    if (offending.length === 0) return { rows: current, suppressedRows: 0, generalisedColumns };
    const candidates = quasi.filter((index) => !generalisedColumns.includes(index));
    if (offending.length <= allowedSuppressions || candidates.length === 0) {
      const dropped = new Set(offending);
      return {
        rows: current.filter((row) => !dropped.has(row)),
        suppressedRows: dropped.size,
        generalisedColumns,
      };
    }
    const column = mostDiverse(offending, candidates);
    generalisedColumns.push(column);
    current = current.map((row) =>
      row.map((value, index) => (index === column ? MASKED_VALUE : value)),
    );
  }
}

function rowsInSmallClasses(
  rows: CellValue[][],
  quasi: readonly number[],
  k: number,
): CellValue[][] {
  const classes = new Map<string, CellValue[][]>();
  for (const row of rows) {
    const key = combinationKey(row, quasi);
    const members = classes.get(key);
    if (members) members.push(row);
    else classes.set(key, [row]);
  }
  return [...classes.values()].filter((members) => members.length < k).flat();
}

/** JSON keeps `null`, `'null'`, `1` and `'1'` apart. */
function combinationKey(row: readonly CellValue[], quasi: readonly number[]): string {
  return JSON.stringify(quasi.map((index) => row[index] ?? null));
}

function mostDiverse(rows: CellValue[][], candidates: readonly number[]): number {
  let best = candidates[0];
  let bestCount = -1;
  for (const index of candidates) {
    const count = new Set(rows.map((row) => JSON.stringify(row[index] ?? null))).size;
    if (count > bestCount) {
      best = index;
      bestCount = count;
    }
  }
  return best;
}
