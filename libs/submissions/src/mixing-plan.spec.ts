import fc from 'fast-check';
import { answersToStore, effectiveBatchSize, shuffle } from './mixing-plan';

describe('the mixing plan', () => {
  it.each([
    [0, 10, false, 0],
    [0, 10, true, 0],
    [9, 10, false, 0],
    [19, 10, false, 0],
    [20, 10, false, 10],
    [37, 10, false, 27],
    [3, 10, true, 3],
    [19, 10, true, 19],
  ])('with %i waiting, m = %i, final %s: stores %i', (waiting, m, final, stored) => {
    expect(answersToStore(waiting, m, final)).toBe(stored);
  });

  it('stores every answer once, in batches of at least m (or all there ever were)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 30 }),
        // Answers arriving between two runs of the mixing.
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 40 }),
        (m, arrivals) => {
          let waiting = 0;
          const batches: number[] = [];
          for (const arrived of arrivals) {
            waiting += arrived;
            const stored = answersToStore(waiting, m, false);
            if (stored) batches.push(stored);
            waiting -= stored;
            expect(waiting).toBeLessThan(2 * m);
          }
          const last = answersToStore(waiting, m, true);
          if (last) batches.push(last);
          const total = arrivals.reduce((sum, n) => sum + n, 0);
          expect(batches.reduce((sum, n) => sum + n, 0)).toBe(total);
          for (const batch of batches) expect(batch).toBeGreaterThanOrEqual(Math.min(m, total));
        },
      ),
    );
  });

  it('raises m to the strictest agreement’s k, never lowers it', () => {
    expect(effectiveBatchSize(10, null)).toBe(10);
    expect(effectiveBatchSize(10, 5)).toBe(10);
    expect(effectiveBatchSize(10, 25)).toBe(25);
  });

  it('shuffles into a permutation of the same items', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (items) => {
        expect(shuffle(items).sort()).toEqual([...items].sort());
      }),
    );
  });

  it('puts each item in each place about equally often', () => {
    const counts = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
    const rounds = 40000;
    for (let round = 0; round < rounds; round++) {
      shuffle([0, 1, 2, 3]).forEach((item, place) => counts[item][place]++);
    }
    // Expected 10000 each, standard deviation about 87: 600 is seven of them.
    for (const row of counts)
      for (const count of row) expect(Math.abs(count - 10000)).toBeLessThan(600);
  });
});
