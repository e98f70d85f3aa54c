/**
 * Statistical disclosure control for the aggregate counts partners may query: small-cell
 * suppression of a two-way table (primary + secondary) and a differencing check on families of
 * nested queries. Pure: no I/O, no clock, no randomness; the same input gives the same output,
 * whatever the order of the input cells.
 *
 * GUARANTEE (what `suppressSmallCells` promises, and what its spec checks with fast-check):
 * no suppressed cell can be recovered exactly by subtracting published cells from a published
 * total of its row or column; likewise no suppressed row/column total can be recovered from the
 * published grand total and the other published row/column totals, nor from its own published
 * cells. Every cell with 0 < count < k, and every total with 0 < total < k, is suppressed.
 * "Exactly" includes the lower bound a partner knows: zeros are shown, so a suppressed cell is
 * known to be >= 1, and a line whose hidden cells add up to their number (all ones) is treated
 * as disclosing them.
 *
 * The guarantee is per equation. It does NOT cover attacks combining several equations (e.g. a
 * suppressed cell that is a "bridge" between two otherwise separate suppression cycles can be
 * isolated by adding row equations and subtracting column equations), nor interval attacks that
 * narrow a hidden cell to a range without pinning it, nor differencing across separate queries
 * (see `differencingSafe`).
 */

/** One cell of a two-way table of counts. */
export interface CountCell {
  /** Row label (e.g. the group: '{"branch":"insertion"}' serialised) and column label (the value, e.g. 'cap-bep'). */
  row: string;
  column: string;
  /** A non-negative integer. */
  count: number;
}

export interface SuppressionInput {
  /** A full or sparse two-way table (missing cells = 0 and are NOT shown). */
  cells: CountCell[];
  /** Threshold, integer >= 1 (the caller enforces >= 3 for partners). */
  k: number;
  /** Whether the cells of one row add up to a published row total (true for single-choice counts; false for multiple-choice, where one respondent may count in several columns). */
  additiveRows: boolean;
  /** The published totals the partner will see, which secondary suppression must protect: row totals, column totals, grand total. */
  publishRowTotals: boolean;
  publishColumnTotals: boolean;
  /**
   * Non-additive rows only: the number of respondents of each row, which cannot be derived from
   * the cells. A row without one gets a suppressed total (we cannot vouch for a number we do not
   * have). Ignored when rows are additive: the total is then the sum of the row's cells.
   */
  rowTotals?: readonly { row: string; count: number }[];
}

/** A cell as published: `count` is null when suppressed, so a suppressed count never leaves. */
export type PublishedCell = Omit<CountCell, 'count'> & {
  count: number | null;
  suppressed: boolean;
  reason?: 'primary' | 'secondary';
};

export interface SuppressionResult {
  /** Same order as the input cells. */
  cells: PublishedCell[];
  /** Empty when row totals are not published; in order of first appearance. */
  rowTotals: { row: string; count: number | null; suppressed: boolean }[];
  /** Empty when column totals are not published; in order of first appearance. */
  columnTotals: { column: string; count: number | null; suppressed: boolean }[];
  /**
   * The grand total, protected like the others, or null when it is not published: it is published
   * with additive rows when any margin is, and with non-additive rows when row totals are and
   * every row has one (column totals of multiple-choice counts do not add up to a population).
   */
  grandTotal: { count: number | null; suppressed: boolean } | null;
  /** Number of primary-suppressed cells. */
  primary: number;
  /** Number of secondary-suppressed cells, plus every suppressed total (grand total included). */
  secondary: number;
}

/** A count the table can publish or hide: a cell or a total. */
interface Item {
  value: number;
  suppressed: boolean;
}

/** A published linear relation: the parts add up to the total. `label` breaks ties. */
interface Equation {
  parts: { id: number; label: string }[];
  total: number;
}

/**
 * Applies primary then secondary small-cell suppression (see the guarantee at the top).
 * Throws a RangeError on an invalid k, a count that is not a non-negative integer, or a cell
 * given twice (its row and column sums would be ambiguous).
 */
export function suppressSmallCells(input: SuppressionInput): SuppressionResult {
  const { cells, k, additiveRows, publishRowTotals, publishColumnTotals } = input;
  assertThreshold(k);
  const seen = new Set<string>();
  for (const cell of cells) {
    assertCount(cell.count, 'cell count');
    // JSON keeps (a, "b,c") and ("a,b", c) apart, which a plain join would not.
    const key = JSON.stringify([cell.row, cell.column]);
    if (seen.has(key)) throw new RangeError('suppressSmallCells: a cell is given twice');
    seen.add(key);
  }

  const suppliedRowTotals = new Map<string, number>();
  if (!additiveRows) {
    for (const { row, count } of input.rowTotals ?? []) {
      assertCount(count, 'row total');
      suppliedRowTotals.set(row, count);
    }
  }

  const rows = firstAppearance([
    ...cells.map((cell) => cell.row),
    ...(additiveRows ? [] : [...suppliedRowTotals.keys()]),
  ]);
  const columns = firstAppearance(cells.map((cell) => cell.column));

  // Items: the cells (input order), then the published totals. Zero cells are shown: an empty
  // cell is structural (nobody to protect) and hiding it would only hint at its neighbours.
  const items: Item[] = cells.map((cell) => ({
    value: cell.count,
    suppressed: cell.count > 0 && cell.count < k,
  }));
  const addTotal = (value: number | null): number => {
    // A total we cannot compute is hidden (fail closed); its value never matters then.
    items.push({ value: value ?? 0, suppressed: value === null || (value > 0 && value < k) });
    return items.length - 1;
  };

  const equations: Equation[] = [];
  const rowTotalIds = new Map<string, number>();
  const columnTotalIds = new Map<string, number>();
  let grandId: number | null = null;

  // Lines are processed in label order (code units, locale-free) so the pattern does not
  // depend on the order of the input cells.
  if (publishRowTotals) {
    for (const row of [...rows].sort(byCodeUnits)) {
      const ids = cellIds(cells, (cell) => cell.row === row);
      if (additiveRows) {
        const id = addTotal(sum(ids.map((i) => cells[i].count)));
        rowTotalIds.set(row, id);
        equations.push({ parts: ids.map((i) => ({ id: i, label: cells[i].column })), total: id });
      } else {
        // Multiple choice: the cells do not add up to the row total, so there is no relation.
        rowTotalIds.set(row, addTotal(suppliedRowTotals.get(row) ?? null));
      }
    }
  }
  if (publishColumnTotals) {
    // Rows are disjoint groups, so a column total is the sum of its cells even for multiple
    // choice: the column relation must be protected in both modes.
    for (const column of [...columns].sort(byCodeUnits)) {
      const ids = cellIds(cells, (cell) => cell.column === column);
      const id = addTotal(sum(ids.map((i) => cells[i].count)));
      columnTotalIds.set(column, id);
      equations.push({ parts: ids.map((i) => ({ id: i, label: cells[i].row })), total: id });
    }
  }

  const grandOver = (grand: number, totals: Map<string, number>): Equation => ({
    parts: [...totals].map(([label, id]) => ({ id, label })),
    total: grand,
  });
  if (additiveRows && (publishRowTotals || publishColumnTotals)) {
    grandId = addTotal(sum(cells.map((cell) => cell.count)));
    if (publishRowTotals) equations.push(grandOver(grandId, rowTotalIds));
    if (publishColumnTotals) equations.push(grandOver(grandId, columnTotalIds));
  } else if (!additiveRows && publishRowTotals && rows.every((row) => suppliedRowTotals.has(row))) {
    grandId = addTotal(sum(rows.map((row) => suppliedRowTotals.get(row) ?? 0)));
    equations.push(grandOver(grandId, rowTotalIds));
  }

  // Each pass hides at least one more item or stops, so this ends (at worst all is hidden).
  for (let changed = true; changed;) {
    changed = false;
    for (const equation of equations) {
      const extra = neededSuppression(equation, items);
      if (extra !== null) {
        items[extra].suppressed = true;
        changed = true;
      }
    }
  }

  const shown = (id: number): number | null => (items[id].suppressed ? null : items[id].value);
  const publishedCells: PublishedCell[] = cells.map((cell, i) => {
    if (!items[i].suppressed)
      return { row: cell.row, column: cell.column, count: cell.count, suppressed: false };
    const reason = cell.count < k ? 'primary' : 'secondary';
    return { row: cell.row, column: cell.column, count: null, suppressed: true, reason };
  });
  const totalIds = [...rowTotalIds.values(), ...columnTotalIds.values()];
  if (grandId !== null) totalIds.push(grandId);
  const primary = publishedCells.filter((cell) => cell.reason === 'primary').length;

  return {
    cells: publishedCells,
    rowTotals: rows
      .filter((row) => rowTotalIds.has(row))
      .map((row) => {
        const id = rowTotalIds.get(row) as number;
        return { row, count: shown(id), suppressed: items[id].suppressed };
      }),
    columnTotals: columns
      .filter((column) => columnTotalIds.has(column))
      .map((column) => {
        const id = columnTotalIds.get(column) as number;
        return { column, count: shown(id), suppressed: items[id].suppressed };
      }),
    grandTotal:
      grandId === null ? null : { count: shown(grandId), suppressed: items[grandId].suppressed },
    primary,
    secondary:
      publishedCells.filter((cell) => cell.reason === 'secondary').length +
      totalIds.filter((id) => items[id].suppressed).length,
  };
}

/**
 * The item to hide so that this equation alone discloses nothing, or null if it is safe.
 * Unsafe: exactly one hidden item (total minus the others gives it), or a published total whose
 * hidden parts add up to their number (each is >= 1 since zeros are shown, so all are 1).
 * The fix hides the smallest other positive part (ties by label), else the total.
 */
function neededSuppression(equation: Equation, items: readonly Item[]): number | null {
  const hiddenParts = equation.parts.filter(({ id }) => items[id].suppressed);
  const totalHidden = items[equation.total].suppressed;
  const hiddenCount = hiddenParts.length + (totalHidden ? 1 : 0);
  const allOnes =
    !totalHidden &&
    hiddenParts.length > 0 &&
    sum(hiddenParts.map(({ id }) => items[id].value)) === hiddenParts.length;
  if (hiddenCount !== 1 && !allOnes) return null;

  const candidates = equation.parts
    .filter(({ id }) => !items[id].suppressed && items[id].value > 0)
    .sort((a, b) => items[a.id].value - items[b.id].value || byCodeUnits(a.label, b.label));
  if (candidates.length > 0) return candidates[0].id;
  // No positive part left: the lone hidden one is a part (a hidden total implies a positive
  // part), so hiding the total is what remains. A zero total is never the lone hidden item.
  return totalHidden ? null : equation.total;
}

/** Whether a population is large enough to be shown: at least k people. */
export function populationDisclosed(population: number, k: number): boolean {
  return population >= k;
}

/**
 * Whether a family of nested queries (e.g. the population with each subset of the filters) is
 * safe against differencing: every pairwise difference is 0 or >= k, so "A minus A∧B" never
 * isolates between 1 and k − 1 people. The populations themselves are checked separately
 * (`populationDisclosed`); differences of more than two queries (a − b − c + d) are not checked.
 */
export function differencingSafe(counts: number[], k: number): boolean {
  assertThreshold(k);
  for (const count of counts) assertCount(count, 'population');
  // Sorted, the smallest non-zero gap is between neighbours: checking them checks every pair.
  const sorted = [...counts].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i] - sorted[i - 1];
    if (gap > 0 && gap < k) return false;
  }
  return true;
}

function assertThreshold(k: number): void {
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError('k must be an integer >= 1');
}

function assertCount(count: number, what: string): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`${what} must be a non-negative integer`);
  }
}

function firstAppearance(labels: readonly string[]): string[] {
  return [...new Set(labels)];
}

function cellIds(cells: readonly CountCell[], keep: (cell: CountCell) => boolean): number[] {
  return cells.flatMap((cell, i) => (keep(cell) ? [i] : []));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
