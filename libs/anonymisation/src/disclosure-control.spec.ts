import fc from 'fast-check';
import {
  differencingSafe,
  populationDisclosed,
  suppressSmallCells,
  type CountCell,
  type SuppressionInput,
  type SuppressionResult,
} from './disclosure-control';

const RUNS = { numRuns: 300 };

/** A one-row table: the value counts of one question. */
const oneRow = (counts: Record<string, number>, row = 'all'): CountCell[] =>
  Object.entries(counts).map(([column, count]) => ({ row, column, count }));

const hiddenColumns = (result: SuppressionResult): string[] =>
  result.cells.filter((cell) => cell.suppressed).map((cell) => cell.column);

const additive = (cells: CountCell[], k: number): SuppressionInput => ({
  cells,
  k,
  additiveRows: true,
  publishRowTotals: true,
  publishColumnTotals: false,
});

describe('suppressSmallCells — hand-written cases', () => {
  it('diplomas, k=5, total 64: cap-bep (primary) and none (secondary), nothing else', () => {
    const diplomas = { 'cap-bep': 2, bac: 16, licence: 15, master: 16, none: 5, other: 10 };
    const result = suppressSmallCells(additive(oneRow(diplomas), 5));

    expect(result.cells).toEqual([
      { row: 'all', column: 'cap-bep', count: null, suppressed: true, reason: 'primary' },
      { row: 'all', column: 'bac', count: 16, suppressed: false },
      { row: 'all', column: 'licence', count: 15, suppressed: false },
      { row: 'all', column: 'master', count: 16, suppressed: false },
      { row: 'all', column: 'none', count: null, suppressed: true, reason: 'secondary' },
      { row: 'all', column: 'other', count: 10, suppressed: false },
    ]);
    expect(result.rowTotals).toEqual([{ row: 'all', count: 64, suppressed: false }]);
    expect(result.columnTotals).toEqual([]);
    expect(result.grandTotal).toEqual({ count: 64, suppressed: false });
    expect(result.primary).toBe(1);
    expect(result.secondary).toBe(1);
  });

  it.each<[string, Record<string, number>, number, string[], boolean]>([
    // [case, counts, k, hidden columns, row total hidden]
    ['nothing small: nothing hidden', { a: 5, b: 7 }, 5, [], false],
    ['zeros are shown, not suppressed', { a: 0, b: 9, c: 0 }, 3, [], false],
    ['k = 1 hides nothing', { a: 1, b: 0, c: 2 }, 1, [], false],
    ['the partner may be a cell >= k', { a: 2, b: 30, c: 8 }, 3, ['a', 'c'], false],
    ['ties on the smallest go by column label', { z: 1, b: 9, a: 9 }, 3, ['z', 'a'], false],
    ['two small cells protect each other', { a: 1, b: 2, c: 40 }, 3, ['a', 'b'], false],
    // 1 + 1 = 2 hidden cells, each known >= 1 since zeros are shown: both would be pinned to 1.
    [
      'hidden ones are pinned: hide one more',
      { a: 1, b: 1, c: 10, d: 12 },
      3,
      ['a', 'b', 'c'],
      false,
    ],
    // No other positive cell: only the total can be hidden (it is < k anyway here).
    ['lone small cell among zeros', { a: 2, b: 0 }, 3, ['a'], true],
    ['lone large partner among zeros', { a: 2, b: 0, c: 9 }, 3, ['a', 'c'], false],
  ])('%s', (_case, counts, k, hidden, totalHidden) => {
    const result = suppressSmallCells(additive(oneRow(counts), k));
    expect(hiddenColumns(result)).toEqual(hidden);
    expect(result.rowTotals[0].suppressed).toBe(totalHidden);
  });

  it('hides a second row total to protect a small one against the grand total', () => {
    const cells: CountCell[] = [
      { row: 'r1', column: 'a', count: 2 },
      { row: 'r1', column: 'b', count: 0 },
      { row: 'r2', column: 'a', count: 10 },
      { row: 'r2', column: 'b', count: 10 },
    ];
    const result = suppressSmallCells({ ...additive(cells, 3), publishColumnTotals: true });
    // r1's total (2) is < k, so 22 − r2's total would give it: r2's total goes too. Column a
    // pairs r1:a with r2:a; row r2 then has two hidden numbers (r2:a and its total).
    expect(result.cells.map((cell) => cell.suppressed)).toEqual([true, false, true, false]);
    expect(result.rowTotals).toEqual([
      { row: 'r1', count: null, suppressed: true },
      { row: 'r2', count: null, suppressed: true },
    ]);
    expect(result.columnTotals).toEqual([
      { column: 'a', count: 12, suppressed: false },
      { column: 'b', count: 10, suppressed: false },
    ]);
    expect(result.grandTotal).toEqual({ count: 22, suppressed: false });
    expect(result.primary).toBe(1);
    expect(result.secondary).toBe(3);
  });

  it('cascades a secondary suppression from rows to columns', () => {
    const cells: CountCell[] = [
      { row: 'r1', column: 'a', count: 1 },
      { row: 'r1', column: 'b', count: 8 },
      { row: 'r2', column: 'a', count: 9 },
      { row: 'r2', column: 'b', count: 7 },
    ];
    const result = suppressSmallCells({ ...additive(cells, 3), publishColumnTotals: true });
    // r1: a (primary) pairs with b; column a then pairs r2:a, column b pairs r2:b.
    expect(result.cells.map((cell) => cell.reason)).toEqual([
      'primary',
      'secondary',
      'secondary',
      'secondary',
    ]);
    expect(result.rowTotals.every((total) => !total.suppressed)).toBe(true);
    expect(result.columnTotals.every((total) => !total.suppressed)).toBe(true);
    expect(result.primary).toBe(1);
    expect(result.secondary).toBe(3);
  });

  it('publishes nothing but the cells when no total is published', () => {
    const result = suppressSmallCells({
      ...additive(oneRow({ a: 2, b: 40 }), 3),
      publishRowTotals: false,
    });
    expect(hiddenColumns(result)).toEqual(['a']);
    expect(result.rowTotals).toEqual([]);
    expect(result.columnTotals).toEqual([]);
    expect(result.grandTotal).toBeNull();
  });

  it('returns an empty table for no cells', () => {
    expect(suppressSmallCells(additive([], 3))).toEqual({
      cells: [],
      rowTotals: [],
      columnTotals: [],
      grandTotal: { count: 0, suppressed: false },
      primary: 0,
      secondary: 0,
    });
  });

  describe('multiple choice (non-additive rows)', () => {
    const choices = oneRow({ a: 2, b: 30, c: 8 });

    it('applies primary suppression only and takes row totals from the input', () => {
      const result = suppressSmallCells({
        cells: choices,
        k: 3,
        additiveRows: false,
        publishRowTotals: true,
        publishColumnTotals: false,
        rowTotals: [{ row: 'all', count: 31 }],
      });
      expect(hiddenColumns(result)).toEqual(['a']);
      expect(result.rowTotals).toEqual([{ row: 'all', count: 31, suppressed: false }]);
      expect(result.grandTotal).toEqual({ count: 31, suppressed: false });
      expect(result.secondary).toBe(0);
    });

    it('hides a row total under k, and one it was not given (fail closed)', () => {
      const result = suppressSmallCells({
        cells: [...oneRow({ a: 2 }, 'small'), ...oneRow({ a: 9 }, 'unknown')],
        k: 3,
        additiveRows: false,
        publishRowTotals: true,
        publishColumnTotals: false,
        rowTotals: [{ row: 'small', count: 2 }],
      });
      expect(result.rowTotals).toEqual([
        { row: 'small', count: null, suppressed: true },
        { row: 'unknown', count: null, suppressed: true },
      ]);
      expect(result.grandTotal).toBeNull();
      expect(result.secondary).toBe(2);
    });

    it('still protects published column totals, which are sums over disjoint rows', () => {
      const result = suppressSmallCells({
        cells: [...oneRow({ a: 2, b: 9 }, 'r1'), ...oneRow({ a: 6, b: 9 }, 'r2')],
        k: 3,
        additiveRows: false,
        publishRowTotals: false,
        publishColumnTotals: true,
      });
      expect(result.cells.map((cell) => cell.reason)).toEqual([
        'primary',
        undefined,
        'secondary',
        undefined,
      ]);
      expect(result.columnTotals).toEqual([
        { column: 'a', count: 8, suppressed: false },
        { column: 'b', count: 18, suppressed: false },
      ]);
      expect(result.grandTotal).toBeNull();
    });
  });

  it.each<[string, Partial<SuppressionInput>]>([
    ['k = 0', { k: 0 }],
    ['a fractional k', { k: 2.5 }],
    ['a negative count', { cells: oneRow({ a: -1 }) }],
    ['a fractional count', { cells: oneRow({ a: 1.5 }) }],
    ['a NaN count', { cells: oneRow({ a: Number.NaN }) }],
    ['a cell given twice', { cells: [...oneRow({ a: 4 }), ...oneRow({ a: 5 })] }],
    [
      'a negative supplied row total',
      { additiveRows: false, rowTotals: [{ row: 'all', count: -3 }] },
    ],
  ])('rejects %s', (_case, override) => {
    expect(() => suppressSmallCells({ ...additive(oneRow({ a: 4 }), 3), ...override })).toThrow(
      RangeError,
    );
  });

  it('tells apart labels that a naive join would confuse', () => {
    const cells: CountCell[] = [
      { row: 'a,b', column: 'c', count: 4 },
      { row: 'a', column: 'b,c', count: 4 },
    ];
    expect(() => suppressSmallCells(additive(cells, 3))).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// Properties on random tables: up to 6 × 6, counts 0..20 (biased small), k 3..6, sparse.

interface Table {
  input: SuppressionInput;
}

const countArb = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 20 }));

const tableArb: fc.Arbitrary<Table> = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), columns: fc.integer({ min: 1, max: 6 }) })
  .chain(({ rows, columns }) =>
    fc.record({
      grid: fc.array(
        fc.array(fc.option(countArb, { nil: undefined, freq: 5 }), {
          minLength: columns,
          maxLength: columns,
        }),
        { minLength: rows, maxLength: rows },
      ),
      k: fc.integer({ min: 3, max: 6 }),
      additiveRows: fc.boolean(),
      publishRowTotals: fc.boolean(),
      publishColumnTotals: fc.boolean(),
      rowTotalExtra: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    }),
  )
  .map(({ grid, k, additiveRows, publishRowTotals, publishColumnTotals, rowTotalExtra }) => {
    const cells: CountCell[] = grid.flatMap((line, r) =>
      line.flatMap((count, c) =>
        count === undefined ? [] : [{ row: `r${r}`, column: `c${c}`, count }],
      ),
    );
    // Multiple choice: a row's respondents are at least its largest cell; sometimes unknown.
    const rowTotals =
      additiveRows || rowTotalExtra === undefined
        ? undefined
        : grid.map((line, r) => ({
            row: `r${r}`,
            count: Math.max(0, ...line.map((count) => count ?? 0)) + rowTotalExtra,
          }));
    return {
      input: { cells, k, additiveRows, publishRowTotals, publishColumnTotals, rowTotals },
    };
  });

/** A published relation as the partner sees it: null is a hidden number. */
interface SeenEquation {
  parts: (number | null)[];
  total: number | null;
}

/** The relations a partner can write down from the published output alone. */
function seenEquations(input: SuppressionInput, result: SuppressionResult): SeenEquation[] {
  const equations: SeenEquation[] = [];
  if (input.additiveRows) {
    for (const { row, count } of result.rowTotals) {
      const parts = result.cells.filter((cell) => cell.row === row).map((cell) => cell.count);
      equations.push({ parts, total: count });
    }
  }
  for (const { column, count } of result.columnTotals) {
    const parts = result.cells.filter((cell) => cell.column === column).map((cell) => cell.count);
    equations.push({ parts, total: count });
  }
  if (result.grandTotal) {
    if (input.publishRowTotals) {
      const parts = result.rowTotals.map((total) => total.count);
      equations.push({ parts, total: result.grandTotal.count });
    }
    if (input.additiveRows && input.publishColumnTotals) {
      const parts = result.columnTotals.map((total) => total.count);
      equations.push({ parts, total: result.grandTotal.count });
    }
  }
  return equations;
}

/**
 * A one-equation attacker: subtracts what is published from a published total, and uses the
 * fact that a hidden count is >= 1 (zeros are shown). Returns the number of counts it pins.
 */
function pinnedBySubtraction({ parts, total }: SeenEquation): number {
  const hidden = parts.filter((part) => part === null).length;
  if (total === null) return hidden === 0 ? 1 : 0;
  const residual = total - parts.reduce<number>((sum, part) => sum + (part ?? 0), 0);
  if (hidden === 1) return 1;
  return hidden > 0 && residual === hidden ? hidden : 0;
}

describe('suppressSmallCells — properties', () => {
  it('the one-equation attacker has teeth: it breaks primary-only suppression', () => {
    const naive: SeenEquation = { parts: [null, 16, 15, 16, 5, 10], total: 64 };
    expect(pinnedBySubtraction(naive)).toBe(1);
    expect(pinnedBySubtraction({ parts: [null, null, 10], total: 12 })).toBe(2);
    expect(pinnedBySubtraction({ parts: [3, 4], total: null })).toBe(1);
    expect(pinnedBySubtraction({ parts: [null, null, 10], total: 15 })).toBe(0);
  });

  it('no published relation pins a hidden count by subtraction', () => {
    fc.assert(
      fc.property(tableArb, ({ input }) => {
        const result = suppressSmallCells(input);
        for (const equation of seenEquations(input, result)) {
          expect(pinnedBySubtraction(equation)).toBe(0);
        }
      }),
      RUNS,
    );
  });

  it('suppresses every small cell and total, never a zero, and hides what it suppresses', () => {
    fc.assert(
      fc.property(tableArb, ({ input }) => {
        const { k } = input;
        const result = suppressSmallCells(input);
        expect(result.cells).toHaveLength(input.cells.length);
        result.cells.forEach((cell, i) => {
          const original = input.cells[i];
          expect([cell.row, cell.column]).toEqual([original.row, original.column]);
          if (original.count > 0 && original.count < k) expect(cell.reason).toBe('primary');
          if (original.count === 0) expect(cell.suppressed).toBe(false);
          expect(cell.count).toBe(cell.suppressed ? null : original.count);
          expect(cell.reason === undefined).toBe(!cell.suppressed);
        });
        const totals: { count: number | null; suppressed: boolean }[] = [
          ...result.rowTotals,
          ...result.columnTotals,
        ];
        if (result.grandTotal) totals.push(result.grandTotal);
        for (const total of totals) {
          if (total.suppressed) expect(total.count).toBeNull();
          else expect(total.count === 0 || (total.count ?? 0) >= k).toBe(true);
        }
        const suppressedCells = result.cells.filter((cell) => cell.suppressed).length;
        expect(result.primary + result.secondary).toBe(
          suppressedCells + totals.filter((total) => total.suppressed).length,
        );
      }),
      RUNS,
    );
  });

  it('pairs every hidden cell in a line with a published total, and every hidden total', () => {
    fc.assert(
      fc.property(tableArb, ({ input }) => {
        const result = suppressSmallCells(input);
        const hidden = result.cells.filter((cell) => cell.suppressed);
        for (const cell of hidden) {
          const rowTotal = result.rowTotals.find((total) => total.row === cell.row);
          if (input.additiveRows && rowTotal && !rowTotal.suppressed) {
            expect(hidden.some((o) => o.row === cell.row && o.column !== cell.column)).toBe(true);
          }
          const columnTotal = result.columnTotals.find((total) => total.column === cell.column);
          if (columnTotal && !columnTotal.suppressed) {
            expect(hidden.some((o) => o.column === cell.column && o.row !== cell.row)).toBe(true);
          }
        }
        const grandPublished = result.grandTotal !== null && !result.grandTotal.suppressed;
        const hiddenRows = result.rowTotals.filter((total) => total.suppressed).length;
        const hiddenColumns = result.columnTotals.filter((total) => total.suppressed).length;
        if (grandPublished && input.publishRowTotals) expect(hiddenRows).not.toBe(1);
        if (grandPublished && input.additiveRows && input.publishColumnTotals) {
          expect(hiddenColumns).not.toBe(1);
        }
      }),
      RUNS,
    );
  });

  it('publishes true totals: sums of the cells (additive) or the given ones', () => {
    fc.assert(
      fc.property(tableArb, ({ input }) => {
        const result = suppressSmallCells(input);
        const sumOf = (keep: (cell: CountCell) => boolean): number =>
          input.cells.filter(keep).reduce((sum, cell) => sum + cell.count, 0);
        for (const { row, count } of result.rowTotals) {
          if (count === null) continue;
          const given = input.rowTotals?.find((total) => total.row === row)?.count;
          expect(count).toBe(input.additiveRows ? sumOf((cell) => cell.row === row) : given);
        }
        for (const { column, count } of result.columnTotals) {
          if (count !== null) expect(count).toBe(sumOf((cell) => cell.column === column));
        }
      }),
      RUNS,
    );
  });

  it('hides nothing beyond primary cells when no relation is published', () => {
    fc.assert(
      fc.property(tableArb, ({ input }) => {
        const multipleChoice = { ...input, additiveRows: false, publishColumnTotals: false };
        const result = suppressSmallCells(multipleChoice);
        for (const cell of result.cells) expect(cell.reason).not.toBe('secondary');
      }),
      RUNS,
    );
  });

  it('is deterministic, does not touch its input, and ignores the order of the cells', () => {
    fc.assert(
      fc.property(
        tableArb.chain(({ input }) =>
          fc.record({
            input: fc.constant(input),
            shuffled: fc.shuffledSubarray(input.cells, {
              minLength: input.cells.length,
              maxLength: input.cells.length,
            }),
          }),
        ),
        ({ input, shuffled }) => {
          const before = structuredClone(input);
          const first = suppressSmallCells(input);
          expect(suppressSmallCells(input)).toEqual(first);
          expect(input).toEqual(before);

          const key = (cell: { row: string; column: string }): string =>
            JSON.stringify([cell.row, cell.column]);
          const hiddenIn = (result: SuppressionResult): string[] =>
            result.cells
              .filter((cell) => cell.suppressed)
              .map(key)
              .sort();
          const reordered = suppressSmallCells({ ...input, cells: shuffled });
          expect(hiddenIn(reordered)).toEqual(hiddenIn(first));
          expect(reordered.grandTotal).toEqual(first.grandTotal);
        },
      ),
      RUNS,
    );
  });
});

describe('populationDisclosed', () => {
  it.each([
    [0, 3, false],
    [2, 3, false],
    [3, 3, true],
    [64, 5, true],
    [4, 5, false],
  ])('population %i with k=%i → %s', (population, k, disclosed) => {
    expect(populationDisclosed(population, k)).toBe(disclosed);
  });
});

describe('differencingSafe', () => {
  it.each<[number[], number, boolean]>([
    [[], 3, true],
    [[10], 3, true],
    [[10, 10], 3, true],
    [[10, 12], 3, false],
    [[10, 13], 3, true],
    [[20, 15, 10], 5, true],
    [[20, 15, 11], 5, false],
    [[11, 20, 15], 5, false],
    [[0, 2], 3, false],
    [[0, 0, 7], 3, true],
    [[64, 62, 40], 5, false],
    [[64, 40, 40, 30], 5, true],
  ])('%j with k=%i → %s', (counts, k, safe) => {
    expect(differencingSafe(counts, k)).toBe(safe);
  });

  it.each<[number[], number]>([
    [[1], 0],
    [[-1], 3],
    [[1.5], 3],
  ])('rejects %j with k=%i', (counts, k) => {
    expect(() => differencingSafe(counts, k)).toThrow(RangeError);
  });

  it('agrees with checking every pair', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 6 }),
        (counts, k) => {
          const everyPair = counts.every((a) =>
            counts.every((b) => Math.abs(a - b) === 0 || Math.abs(a - b) >= k),
          );
          expect(differencingSafe(counts, k)).toBe(everyPair);
        },
      ),
      RUNS,
    );
  });
});
