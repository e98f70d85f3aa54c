import fc from 'fast-check';
import {
  KeyCombinations,
  MASKED,
  planLocalSuppression,
  suppressRows,
  type SuppressionPlan,
} from './local-suppression';
import { maskMatching } from '../../../test/support/mask-matching';

type Value = string | number | boolean | null;

/** Codes per column and the counted combinations of a table (every column a key). */
function encode(rows: readonly Value[][], width: number) {
  const dictionaries = Array.from({ length: width }, () => new Map<string, number>());
  const combinations = new KeyCombinations(width);
  for (const row of rows) {
    const codes = row.map((value, column) => {
      const key = JSON.stringify(value);
      const code = dictionaries[column].get(key) ?? dictionaries[column].size;
      dictionaries[column].set(key, code);
      return code;
    });
    combinations.add(codes, 1);
  }
  return { combinations };
}

/** The released rows, every column a key variable. */
function released(rows: readonly Value[][], k: number, width = rows[0]?.length ?? 0) {
  const { rows: output, plan } = suppressRows(rows, [...Array(width).keys()], k);
  return { plan, output: output as Value[][] };
}

function classSizes(rows: readonly Value[][]): number[] {
  const sizes = new Map<string, number>();
  for (const row of rows) sizes.set(JSON.stringify(row), (sizes.get(JSON.stringify(row)) ?? 0) + 1);
  return [...sizes.values()];
}

function maskedCells(plan: SuppressionPlan): number {
  return plan.maskedCells.reduce((sum, cells) => sum + cells, 0);
}

describe('planLocalSuppression', () => {
  it('masks nothing when every combination already has k rows', () => {
    const rows = [...Array(10)].map((_, i) => [i % 2 ? '44' : '85', 'age-36-45']);
    const { plan, output } = released(rows, 5);
    expect(maskedCells(plan)).toBe(0);
    expect(output).toHaveLength(10);
    expect(plan).toMatchObject({ droppedRows: 0, rowsAtRiskBefore: 0, smallestCombination: 5 });
    expect(plan.releasedCombinations).toBe(2);
  });

  it('masks only the cell that singles a row out, in that row and the few it borrows', () => {
    // 40 rows (44, a) and one (44, z): z is unique; only the second column is at stake.
    const rows: Value[][] = [...Array(40)].map(() => ['44', 'a']);
    rows.push(['44', 'z']);
    const { plan, output } = released(rows, 5);
    expect(plan.rowsAtRiskBefore).toBe(1);
    expect(plan.droppedRows).toBe(0);
    expect(output).toHaveLength(41);
    // The unique row and 4 borrowed ones are released as (44, *); 36 keep everything.
    expect(plan.maskedCells).toEqual([0, 5]);
    expect(output.filter((row) => row[1] === MASKED)).toHaveLength(5);
    expect(output.filter((row) => row[1] === 'z')).toEqual([]);
    expect(output.every((row) => row[0] === '44')).toBe(true);
  });

  it('treats `phase` and every other column alike: a lone wave is masked', () => {
    const rows: Value[][] = [...Array(30)].map((_, i) => [['q1', 'q2', 'q3'][i % 3], 'yes']);
    rows.push(['q4', 'yes']);
    const { output } = released(rows, 5);
    expect(output.filter((row) => row[0] === 'q4')).toEqual([]);
    expect(output.filter((row) => row[0] === MASKED).length).toBeGreaterThanOrEqual(5);
  });

  it('releases nothing of a table with fewer than k rows', () => {
    const { plan, output } = released(
      [
        ['a', 1],
        ['a', 1],
      ],
      3,
    );
    expect(output).toEqual([]);
    expect(plan).toMatchObject({ droppedRows: 2, releasedCombinations: 0, smallestCombination: 0 });
  });

  it('keeps the column that keeps more rows, and splits into fewer groups on a tie', () => {
    // Column 0 has 8 values of 5 rows (40 rows kept in 8 groups); column 1 two of 20.
    const rows: Value[][] = [...Array(40)].map((_, i) => [`v${i % 8}`, i % 2 === 0]);
    const { plan } = released(rows, 5);
    // Split on the boolean first (2 groups of 20); the 8 values of 5 rows then cannot all be
    // kept inside groups of 20 mixed values: the outcome still masks fewer than all 40 cells.
    expect(maskedCells(plan)).toBeLessThan(40);
    expect(plan.maskedCells[1]).toBe(0);
  });

  it('follows the importance order on a tie', () => {
    // Two columns, each splitting the rows into two halves of 5; either split leaves the other
    // column mixed (3 + 2) in both halves.
    const rows: Value[][] = [...Array(10)].map((_, i) => [
      i < 5 ? 'a' : 'b',
      [0, 1, 2, 5, 6].includes(i) ? 'x' : 'y',
    ]);
    const { combinations } = encode(rows, 2);
    const first = planLocalSuppression(combinations, 5, { importance: [1, 0] });
    expect(first.maskedCells).toEqual([10, 0]);
    const second = planLocalSuppression(combinations, 5, { importance: [0, 1] });
    expect(second.maskedCells).toEqual([0, 10]);
  });

  it('measures the residual risk: k achieved, combinations released, rows at risk before', () => {
    const rows: Value[][] = [
      ...[...Array(7)].map(() => ['a', 'x']),
      ...[...Array(3)].map(() => ['b', 'x']),
      ['c', 'y'],
    ];
    const { plan, output } = released(rows, 3);
    expect(plan.rowsAtRiskBefore).toBe(1);
    expect(Math.min(...classSizes(output))).toBe(plan.smallestCombination);
    expect(classSizes(output)).toHaveLength(plan.releasedCombinations);
    expect(plan.smallestCombination).toBeGreaterThanOrEqual(3);
  });

  it('is deterministic', () => {
    const rows: Value[][] = [...Array(60)].map((_, i) => [i % 7, i % 3 === 0, `d${i % 11}`]);
    const { combinations } = encode(rows, 3);
    expect(planLocalSuppression(combinations, 4).masks).toEqual(
      planLocalSuppression(combinations, 4).masks,
    );
  });

  it('refuses a k under 1', () => {
    expect(() => planLocalSuppression(new KeyCombinations(1), 0)).toThrow(/k must be/);
  });

  it('applies the plan to rows in memory, key columns only, telling "7" from 7', () => {
    const rows = [
      ...[...Array(4)].map((_, i) => [`free ${i}`, 7, 'a']),
      ...[...Array(4)].map((_, i) => [`free ${i + 4}`, '7', 'a']),
      ['free 8', 7, 'b'],
    ];
    const { rows: output, plan } = suppressRows(rows, [1, 2], 4);
    expect(output.map((row) => row[0])).toEqual(rows.map((row) => row[0]));
    expect(plan.rowsAtRiskBefore).toBe(1);
    expect(output.filter((row) => row[1] === '7')).toHaveLength(4);
    expect(output.filter((row) => row[2] === 'b')).toEqual([]);
  });

  it('finds combinations by their codes, codes of any size included', () => {
    const combinations = new KeyCombinations(2);
    const big = combinations.add([70000, 3], 2);
    const small = combinations.add([3, 70000], 1);
    expect(combinations.add([70000, 3], 1)).toBe(big);
    expect(combinations.find([3, 70000])).toBe(small);
    expect(combinations.find([3, 3])).toBeUndefined();
    expect(combinations.count(big)).toBe(3);
    for (let i = 0; i < 200; i++) combinations.add([i, i], 1);
    expect(combinations.size).toBe(202);
    expect(combinations.code(201, 1)).toBe(199);
  });

  describe('properties', () => {
    const value = fc.oneof(
      fc.constantFrom<Value>('44', '49', '85', 'q1', 'q2', null, true, false, 0, 7),
      fc.string({ maxLength: 2 }),
    );
    const table = fc
      .integer({ min: 0, max: 6 })
      .chain((width) =>
        fc.array(fc.array(value, { minLength: width, maxLength: width }), { maxLength: 120 }),
      );

    it('after suppression every released combination occurs at least k times, for any table and k', () => {
      fc.assert(
        fc.property(table, fc.integer({ min: 1, max: 12 }), (rows, k) => {
          const width = rows[0]?.length ?? 0;
          const { plan, output } = released(rows, k, width);
          for (const size of classSizes(output)) expect(size).toBeGreaterThanOrEqual(k);
          // Nothing is dropped once the table has k rows; all of it when it has fewer.
          expect(output.length).toBe(rows.length >= k ? rows.length : 0);
          expect(plan.droppedRows).toBe(rows.length - output.length);
          // Each released row is an input row with some cells masked: a perfect matching exists.
          const fits = (out: Value[], input: Value[]) =>
            input.every((cell, c) => out[c] === MASKED || out[c] === cell);
          expect(maskMatching(rows, output, fits)).toBeDefined();
          // The plan's own account matches the rows.
          const masked = output.reduce(
            (sum, row) => sum + row.filter((c) => c === MASKED).length,
            0,
          );
          const literalStars = rows.reduce(
            (sum, row) => sum + row.filter((c) => c === MASKED).length,
            0,
          );
          if (literalStars === 0) expect(maskedCells(plan)).toBe(masked);
          if (output.length) {
            expect(plan.smallestCombination).toBe(Math.min(...classSizes(output)));
            expect(plan.releasedCombinations).toBe(classSizes(output).length);
          }
        }),
        { numRuns: 400 },
      );
    });

    it('releases the same rows whatever order the rows (and so the values) come in', () => {
      fc.assert(
        fc.property(table, fc.integer({ min: 1, max: 8 }), fc.integer(), (rows, k, seed) => {
          const width = rows[0]?.length ?? 0;
          const shuffled = rows
            .map((row, i) => ({ row, key: Math.sin(seed + i) }))
            .sort((a, b) => a.key - b.key)
            .map((entry) => entry.row);
          const sorted = (output: Value[][]) => output.map((row) => JSON.stringify(row)).sort();
          expect(sorted(released(shuffled, k, width).output)).toEqual(
            sorted(released(rows, k, width).output),
          );
        }),
        { numRuns: 300 },
      );
    });

    it('masks nothing in a table that is already k-anonymous', () => {
      fc.assert(
        fc.property(
          fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
          fc.integer({ min: 1, max: 6 }),
          (distinct, k) => {
            const rows = distinct.flatMap((row) => [...Array(k)].map(() => row));
            expect(maskedCells(released(rows, k, 3).plan)).toBe(0);
          },
        ),
      );
    });
  });
});
