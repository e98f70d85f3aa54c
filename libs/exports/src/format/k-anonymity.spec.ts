import fc from 'fast-check';
import type { CellValue } from './export-types';
import { enforceKAnonymity, MASKED_VALUE } from './k-anonymity';

const key = (row: readonly CellValue[], quasi: readonly number[]) =>
  JSON.stringify(quasi.map((i) => row[i]));

function classSizes(rows: readonly (readonly CellValue[])[], quasi: readonly number[]): number[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row, quasi), (counts.get(key(row, quasi)) ?? 0) + 1);
  return [...counts.values()];
}

describe('enforceKAnonymity', () => {
  it('leaves k-anonymous data alone', () => {
    const rows = [
      ['a', '44', 1],
      ['b', '44', 2],
    ];
    expect(enforceKAnonymity(rows, [1], 2)).toEqual({
      rows,
      suppressedRows: 0,
      generalisedColumns: [],
    });
  });

  it('masks the quasi column with the most distinct values among offending rows, in every row', () => {
    const rows: CellValue[][] = [
      ['1', '44', 'F'],
      ['2', '35', 'F'],
      ['3', '29', 'F'],
      ['4', '56', 'M'],
      ['5', '22', 'M'],
      ['6', '44', 'M'],
    ];
    const result = enforceKAnonymity(rows, [1, 2], 3);
    expect(result.generalisedColumns).toEqual([1]);
    expect(result.suppressedRows).toBe(0);
    expect(result.rows.map((row) => row[1])).toEqual(Array(6).fill(MASKED_VALUE));
    expect(result.rows.map((row) => row[0])).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('drops the few rows left in small classes instead of masking more (≤ 5 %, rounded down)', () => {
    const rows: CellValue[][] = [...Array(40).fill(['44', 'F']), ['35', 'M']].map(
      (row: CellValue[], i) => [i, ...row],
    );
    const result = enforceKAnonymity(rows, [1, 2], 5);
    expect(result).toMatchObject({ suppressedRows: 1, generalisedColumns: [] });
    expect(result.rows).toHaveLength(40);
  });

  it('empties a table that can never reach k', () => {
    expect(enforceKAnonymity([['a'], ['b']], [0], 3)).toEqual({
      rows: [],
      suppressedRows: 2,
      generalisedColumns: [0],
    });
  });

  it('does not modify its input', () => {
    const rows: CellValue[][] = [['a'], ['b'], ['b']];
    enforceKAnonymity(rows, [0], 2);
    expect(rows).toEqual([['a'], ['b'], ['b']]);
  });

  const table = fc
    .record({
      width: fc.integer({ min: 1, max: 5 }),
      k: fc.integer({ min: 1, max: 6 }),
    })
    .chain(({ width, k }) =>
      fc.record({
        k: fc.constant(k),
        quasi: fc.uniqueArray(fc.integer({ min: 0, max: width - 1 }), { maxLength: width }),
        rows: fc.array(
          fc.array(
            fc.oneof(
              fc.constantFrom('a', 'b', 'c', '*'),
              fc.integer({ min: 0, max: 3 }),
              fc.constant(null),
            ),
            {
              minLength: width,
              maxLength: width,
            },
          ),
          { maxLength: 60 },
        ),
      }),
    );

  it('returns k-anonymous rows made from input rows by masking quasi values only', () => {
    fc.assert(
      fc.property(table, ({ rows, quasi, k }) => {
        const result = enforceKAnonymity(rows, quasi, k);
        const sizes = classSizes(result.rows, quasi);
        expect(result.rows.length === 0 || sizes.every((size) => size >= k)).toBe(true);
        expect(result.rows.length + result.suppressedRows).toBe(rows.length);
        // Output rows are input rows, in order, with masked quasi columns.
        let cursor = 0;
        for (const row of result.rows) {
          while (
            cursor < rows.length &&
            !rows[cursor].every((value, i) =>
              result.generalisedColumns.includes(i) ? row[i] === MASKED_VALUE : row[i] === value,
            )
          ) {
            cursor += 1;
          }
          expect(cursor).toBeLessThan(rows.length);
          cursor += 1;
        }
        expect(result.generalisedColumns.every((i) => quasi.includes(i))).toBe(true);
        expect(enforceKAnonymity(rows, quasi, k)).toEqual(result);
      }),
    );
  });
});
