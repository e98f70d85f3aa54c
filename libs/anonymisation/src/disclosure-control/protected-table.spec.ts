import fc from 'fast-check';
import { MAGNITUDE_SHARE } from './cell-key';
import {
  MIN_QUANTILE_RESPONDENTS,
  publishCountRow,
  publishNumericRow,
  quantile,
  type CountRowStats,
} from './protected-table';

const row = (counts: Record<string, number>, keys: number[] = []): CountRowStats => {
  const cells = Object.entries(counts).map(([value, count], i) => ({
    value: value === '(none)' ? null : value,
    count,
    cellKey: keys[i] ?? 1234567 * (i + 1),
  }));
  return { group: { branch: 'b' }, population: cells.reduce((s, c) => s + c.count, 0), cells };
};

describe('publishCountRow', () => {
  it('leaves out a group of fewer than k respondents', () => {
    expect(
      publishCountRow(row({ animator: 3, expert: 1 }), { k: 5, kind: 'categorical' }),
    ).toBeNull();
  });

  it('protects a group all in one category (the homogeneous group), whatever its size', () => {
    const cells = publishCountRow(row({ animator: 40, expert: 0, '(none)': 0 }), {
      k: 5,
      kind: 'categorical',
    })!;
    expect(
      cells.every((cell) => cell.suppressed && cell.count === null && cell.reason === 'DOMINANCE'),
    ).toBe(true);
  });

  it('protects a group all but fewer than k in one category, and publishes one spread enough', () => {
    expect(
      publishCountRow(row({ animator: 36, expert: 4 }), { k: 5, kind: 'categorical' })!.every(
        (c) => c.suppressed,
      ),
    ).toBe(true);
    const spread = publishCountRow(row({ animator: 35, expert: 5, '(none)': 0 }), {
      k: 5,
      kind: 'categorical',
    })!;
    expect(spread.every((c) => !c.suppressed)).toBe(true);
    expect(spread.find((c) => c.value === null)!.count).toBe(0);
  });

  it('never publishes a count in 1..k−1, and keeps zeros at zero', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 2, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 3, max: 15 }),
        fc.constantFrom<'categorical' | 'multiple'>('categorical', 'multiple'),
        (counts, keys, k, kind) => {
          const stats = row(Object.fromEntries(counts.map((c, i) => [`o${i}`, c])), keys);
          const published = publishCountRow(stats, { k, kind });
          if (stats.population < k) return expect(published).toBeNull();
          for (const [i, cell] of published!.entries()) {
            if (cell.count === null) continue;
            expect(cell.count === 0 || cell.count >= k).toBe(true);
            if (counts[i] === 0) expect(cell.count).toBe(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('treats each option of a multiple choice as a yes/no question', () => {
    const stats: CountRowStats = {
      group: {},
      population: 30,
      cells: [
        { value: 'listening', count: 29, cellKey: 1 },
        { value: 'rigour', count: 2, cellKey: 2 },
        { value: 'empathy', count: 15, cellKey: 3 },
        { value: 'curiosity', count: 0, cellKey: 0 },
      ],
    };
    const published = publishCountRow(stats, { k: 5, kind: 'multiple' })!;
    expect(published.map((c) => c.suppressed)).toEqual([true, true, false, true]);
  });

  it('gives the same cells for the same counts and keys', () => {
    const stats = row({ a: 12, b: 9, c: 20 }, [11, 22, 33]);
    expect(publishCountRow(stats, { k: 5, kind: 'categorical' })).toEqual(
      publishCountRow(structuredClone(stats), { k: 5, kind: 'categorical' }),
    );
  });
});

describe('publishNumericRow', () => {
  const numbers = (values: number[]) => {
    const sorted = Float64Array.from(values).sort();
    return {
      group: {},
      count: values.length,
      cellKey: 987654321,
      sum: values.reduce((s, v) => s + v, 0),
      sorted,
    };
  };
  const options = { k: 3, scale: 20, quantileMinimum: 10 };

  it('leaves out fewer than k values, and gives no quartiles under 10 respondents', () => {
    expect(publishNumericRow(numbers([4, 9]), options)).toBeNull();
    // n = k: all but k − 1 fall outside any one value, so the group is dominated by the rule.
    expect(publishNumericRow(numbers([4, 9, 13]), options)).toMatchObject({
      suppressed: true,
      reason: 'DOMINANCE',
    });
    const four = publishNumericRow(numbers([4, 9, 13, 15]), options)!;
    expect(four).toMatchObject({ median: null, q1: null, q3: null, suppressed: false });
    const five = publishNumericRow(numbers([4, 9, 13, 15, 18]), options)!;
    expect(five).toMatchObject({ median: null, q1: null, q3: null, suppressed: false });
    const ten = publishNumericRow(numbers([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), options)!;
    expect(ten).toMatchObject({ median: 5.5, q1: 3.25, q3: 7.75 });
  });

  it('never lowers the quartile minimum below 10', () => {
    const nine = publishNumericRow(numbers([1, 2, 3, 4, 5, 6, 7, 8, 9]), {
      ...options,
      quantileMinimum: 3,
    })!;
    expect(nine.median).toBeNull();
    expect(MIN_QUANTILE_RESPONDENTS).toBe(10);
  });

  it('perturbs the mean by at most the magnitude share of the scale over n', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 3, maxLength: 40 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (values, cellKey) => {
          const stats = { ...numbers(values), cellKey };
          const published = publishNumericRow(stats, options);
          if (!published || published.suppressed) return;
          const exact = stats.sum / stats.count;
          expect(Math.abs(published.mean! - exact)).toBeLessThanOrEqual(
            (MAGNITUDE_SHARE * 20) / stats.count + 0.01,
          );
        },
      ),
    );
  });

  it('protects a group where all but fewer than k share one value', () => {
    expect(publishNumericRow(numbers([7, 7, 7, 7, 7, 7, 3]), { ...options, k: 3 })).toMatchObject({
      suppressed: true,
      reason: 'DOMINANCE',
      mean: null,
    });
  });

  it('interpolates quantiles as percentile_cont does', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10], 0.25)).toBe(10);
  });
});
