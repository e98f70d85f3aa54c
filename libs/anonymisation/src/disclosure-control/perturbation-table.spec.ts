import fc from 'fast-check';
import {
  generatedPerturbationTables,
  PERTURBATION,
  PERTURBATION_TABLES,
  perturbationTableFor,
} from './cell-key';
import {
  generatePerturbationTable,
  KEY_SPACE,
  perturbedCount,
  rowProbabilities,
  type PerturbationTable,
} from './perturbation-table';
import { MAX_K } from './population-sketch';

const moments = (table: PerturbationTable, count: number) => {
  const last = table.rows.length - 1;
  const row = table.rows[Math.min(count, last)];
  const shift = Math.max(0, count - last);
  const dist = rowProbabilities(row).map(({ value, probability }) => ({
    value: value + shift,
    probability,
  }));
  const mean = dist.reduce((sum, { value, probability }) => sum + value * probability, 0);
  const variance = dist.reduce(
    (sum, { value, probability }) => sum + (value - mean) ** 2 * probability,
    0,
  );
  return { dist, mean, variance };
};

describe('perturbation tables', () => {
  it('are exactly what the generator writes (perturbation-tables.json is reproducible)', () => {
    expect(PERTURBATION_TABLES).toEqual(generatedPerturbationTables().tables);
    expect(PERTURBATION_TABLES.map((table) => table.k)).toEqual(
      Array.from({ length: MAX_K - 2 }, (_, i) => i + 3),
    );
  });

  describe.each(PERTURBATION_TABLES.map((table) => [table.k, table] as const))(
    'k = %i',
    (k, table) => {
      const counts = Array.from({ length: k + 3 * PERTURBATION.maxDeviation + 5 }, (_, n) => n);

      it('keeps zero at zero', () => {
        expect(moments(table, 0).dist).toEqual([{ value: 0, probability: 1 }]);
      });

      it('is unbiased for every count', () => {
        for (const n of [...counts, 1000, 123456]) {
          expect(Math.abs(moments(table, n).mean - n)).toBeLessThan(1e-6);
        }
      });

      it('never publishes a value in 1..k−1, nor a negative one', () => {
        for (const n of counts) {
          for (const { value } of moments(table, n).dist) {
            expect(value === 0 || value >= k).toBe(true);
          }
        }
      });

      it('moves a count of at least k by at most D, and a smaller one to 0 or k', () => {
        for (const n of counts) {
          const values = moments(table, n).dist.map(({ value }) => value);
          if (n >= k) {
            for (const value of values)
              expect(Math.abs(value - n)).toBeLessThanOrEqual(PERTURBATION.maxDeviation);
          } else if (n > 0) {
            expect(values).toEqual([0, k]);
          }
        }
      });

      it('has variance V wherever there is room for it (from k + 1 on)', () => {
        for (const n of counts.filter((c) => c > k)) {
          expect(moments(table, n).variance).toBeCloseTo(PERTURBATION.variance, 6);
        }
      });

      it('covers every cell key: bounds ascend and end at 2^32', () => {
        for (const row of table.rows) {
          expect(row.upTo[row.upTo.length - 1]).toBe(KEY_SPACE);
          for (let i = 1; i < row.upTo.length; i++)
            expect(row.upTo[i]).toBeGreaterThan(row.upTo[i - 1]);
        }
      });
    },
  );

  it('publishes, over uniform cell keys, each value with its probability', () => {
    const table = perturbationTableFor(5);
    const n = 20;
    const histogram = new Map<number, number>();
    const keys = 200000;
    for (let i = 0; i < keys; i++) {
      // Evenly spread keys: the histogram must match the probabilities closely.
      const value = perturbedCount(table, n, Math.floor((i + 0.5) * (KEY_SPACE / keys)));
      histogram.set(value, (histogram.get(value) ?? 0) + 1);
    }
    for (const { value, probability } of moments(table, n).dist) {
      expect((histogram.get(value) ?? 0) / keys).toBeCloseTo(probability, 4);
    }
  });

  it('gives the same published count for the same (count, key), whatever else is asked', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: KEY_SPACE - 1 }),
        fc.integer({ min: 3, max: MAX_K }),
        (n, key, k) => {
          const table = perturbationTableFor(k);
          expect(perturbedCount(table, n, key)).toBe(perturbedCount(table, n, key));
          const published = perturbedCount(table, n, key);
          expect(published === 0 ? n < k : published >= k).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses parameters that cannot make a table, and counts that are not counts', () => {
    expect(() => generatePerturbationTable({ k: 1, maxDeviation: 3, variance: 1 })).toThrow(
      RangeError,
    );
    expect(() => generatePerturbationTable({ k: 5, maxDeviation: 0, variance: 1 })).toThrow(
      RangeError,
    );
    expect(() => generatePerturbationTable({ k: 5, maxDeviation: 2, variance: 5 })).toThrow(
      RangeError,
    );
    expect(() => perturbedCount(perturbationTableFor(5), -1, 0)).toThrow(RangeError);
    expect(() => perturbationTableFor(2)).toThrow(RangeError);
    expect(() => perturbationTableFor(MAX_K + 1)).toThrow(RangeError);
  });
});
