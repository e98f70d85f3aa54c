import fc from 'fast-check';
import { applyStars, combinationKey, planKAnonymity, type QuasiValue } from './k-anonymity-plan';

function countsOf(rows: QuasiValue[][]): Map<string, { values: QuasiValue[]; count: number }> {
  const counts = new Map<string, { values: QuasiValue[]; count: number }>();
  for (const row of rows) {
    const key = combinationKey(row);
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { values: row, count: 1 });
  }
  return counts;
}

function published(rows: QuasiValue[][], k: number): QuasiValue[][] {
  const plan = planKAnonymity(countsOf(rows), k);
  return rows
    .map((row) => applyStars(row, plan.starred))
    .filter((row) => !plan.suppressed.has(combinationKey(row)));
}

describe('planKAnonymity', () => {
  it('changes nothing when every combination has k rows', () => {
    const rows = [...Array(10)].map((_, i) => [i % 2 ? '44' : '85', 'age-36-45']);
    const plan = planKAnonymity(countsOf(rows), 5);
    expect(plan).toEqual({ starred: [], suppressed: new Set(), suppressedRows: 0 });
  });

  it('suppresses a unique row when that is within the budget', () => {
    const rows: QuasiValue[][] = [...Array(40)].map(() => ['44', 'age-36-45']);
    rows.push(['59', 'over-55']);
    const plan = planKAnonymity(countsOf(rows), 5);
    expect(plan.starred).toEqual([]);
    expect(plan.suppressedRows).toBe(1);
    expect(published(rows, 5)).toHaveLength(40);
  });

  it('recodes the most varied column before suppressing many rows', () => {
    const departements = ['44', '49', '53', '72', '85', '59', '93', '35'];
    const rows: QuasiValue[][] = [...Array(40)].map((_, i) => [
      departements[i % 8],
      ['female', 'male', 'other'][i % 3],
    ]);
    const plan = planKAnonymity(countsOf(rows), 5);
    expect(plan.starred).toEqual([0]);
    expect(published(rows, 5).every((row) => row[0] === '*')).toBe(true);
  });

  it('leaves every published combination with at least k rows, whatever the data', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('44', '49', '85', '59'),
            fc.constantFrom('a', 'b', 'c'),
            fc.constantFrom(true, false, null),
          ),
          {
            maxLength: 80,
          },
        ),
        fc.integer({ min: 2, max: 6 }),
        (tuples, k) => {
          const rows = tuples.map((tuple) => [...tuple] as QuasiValue[]);
          const output = published(rows, k);
          const classes = countsOf(output);
          for (const entry of classes.values()) expect(entry.count).toBeGreaterThanOrEqual(k);
          // Only quasi values are recoded: each output row is an input row with some columns starred.
          expect(output.length).toBeLessThanOrEqual(rows.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
