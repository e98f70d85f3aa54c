import fc from 'fast-check';
import { RateLimiterRes } from 'rate-limiter-flexible';
import {
  BatchedCounter,
  batchSize,
  MAX_BATCH,
  MIN_BATCHED_POINTS,
  type StoreConsume,
} from './batched-counter';

/**
 * A fixed-window store like rate-limiter-flexible's: refused points are counted too. With
 * `latency`, each consume reaches the store a few turns of the event loop after it was sent,
 * so that sends from several replicas interleave as they do over a network.
 */
function fakeStore(points: number, windowMs: number, now: () => number, latency = () => 0) {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const store = {
    calls: 0,
    count: (key: string) => windows.get(key)?.count ?? 0,
    consume: (async (key, charged) => {
      store.calls += 1;
      for (let turns = latency(); turns > 0; turns--) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      const at = now();
      let window = windows.get(key);
      if (!window || at >= window.resetAt) window = { count: 0, resetAt: at + windowMs };
      windows.set(key, window);
      window.count += charged;
      const answer = new RateLimiterRes(
        Math.max(0, points - window.count),
        window.resetAt - at,
        window.count,
      );
      if (window.count > points) throw answer;
      return answer;
    }) as StoreConsume,
  };
  return store;
}

const admitted = (attempt: Promise<void>): Promise<boolean> =>
  attempt.then(
    () => true,
    (refusal: unknown) => {
      if (refusal instanceof RateLimiterRes) return false;
      throw refusal;
    },
  );

describe('batchSize', () => {
  it('is 1 % of the window, nothing under MIN_BATCHED_POINTS points, at most MAX_BATCH', () => {
    expect(batchSize(20)).toBe(0);
    expect(batchSize(100)).toBe(0);
    expect(batchSize(MIN_BATCHED_POINTS - 1)).toBe(0);
    // RATE_LIMIT_PER_MINUTE 6000 (the default): 1000 points per 10-second window.
    expect(batchSize(1000)).toBe(10);
    expect(batchSize(1_666_667)).toBe(MAX_BATCH);
  });
});

describe('BatchedCounter', () => {
  it('sends one store consume per half batch while the balance is high', async () => {
    const clock = 0;
    const store = fakeStore(1000, 10_000, () => clock);
    const counter = new BatchedCounter(store.consume, 10, () => clock);
    for (let i = 0; i < 500; i++) expect(await admitted(counter.consume('key:a', 1))).toBe(true);
    // The first request learns the balance; then one send per 5 admitted.
    expect(store.calls).toBeLessThanOrEqual(1 + 500 / 5);
    await new Promise((resolve) => setImmediate(resolve));
    // Nothing admitted is left uncounted beyond one batch.
    expect(store.count('key:a')).toBeGreaterThanOrEqual(500 - 10);
  });

  it('decides every sequential request as the store alone would (one replica)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: MIN_BATCHED_POINTS, max: 1400 }),
        // Waits of up to 20 ms: windows of 10 s see about a thousand requests, past the limit.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 4 })), {
          minLength: 600,
          maxLength: 1500,
        }),
        async (points, requests) => {
          let clock = 0;
          const alone = fakeStore(points, 10_000, () => clock);
          const shared = fakeStore(points, 10_000, () => clock);
          const counter = new BatchedCounter(shared.consume, batchSize(points), () => clock);
          for (const [wait, cost] of requests) {
            clock += wait;
            const expected = await admitted(alone.consume('key:a', cost).then(() => undefined));
            expect(await admitted(counter.consume('key:a', cost))).toBe(expected);
          }
        },
      ),
      { numRuns: 40, endOnFailure: true },
    );
  });

  it('admits exactly the limit from a burst of concurrent requests (one replica)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), async (maxTurns) => {
        const store = fakeStore(
          1000,
          10_000,
          () => 0,
          () => maxTurns,
        );
        const counter = new BatchedCounter(store.consume, batchSize(1000), () => 0);
        const results = await Promise.all(
          Array.from({ length: 1500 }, () => admitted(counter.consume('key:a', 1))),
        );
        expect(results.filter(Boolean)).toHaveLength(1000);
        // Waiting for the send on its way, not racing it: about one store call per half batch.
        expect(store.calls).toBeLessThan(1000 / 5 + 50);
      }),
      { numRuns: 8 },
    );
  });

  it('lets several replicas through at most one batch each beyond the shared limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.nat(), { minLength: 1200, maxLength: 2000 }),
        fc.integer({ min: 0, max: 3 }),
        async (replicas, order, maxTurns) => {
          const points = 1000;
          let seed = order.length;
          const store = fakeStore(
            points,
            10_000,
            () => 0,
            () => (seed = (seed * 1103515245 + 12345) % 2147483648) % (maxTurns + 1),
          );
          const counters = Array.from(
            { length: replicas },
            () => new BatchedCounter(store.consume, batchSize(points), () => 0),
          );
          // Concurrent bursts: every replica has requests on their way at once.
          const results = await Promise.all(
            order.map((pick) => admitted(counters[pick % replicas].consume('key:a', 1))),
          );
          const passed = results.filter(Boolean).length;
          expect(passed).toBeLessThanOrEqual(points + replicas * batchSize(points));
          expect(passed).toBeGreaterThanOrEqual(points);
        },
      ),
      { numRuns: 30, endOnFailure: true },
    );
  });

  it('refuses without a round trip once refused, until the window ends', async () => {
    let clock = 0;
    const store = fakeStore(1000, 10_000, () => clock);
    const counter = new BatchedCounter(store.consume, batchSize(1000), () => clock);
    for (let i = 0; i < 1000; i++) await counter.consume('key:a', 1);
    await expect(counter.consume('key:a', 1)).rejects.toBeInstanceOf(RateLimiterRes);
    const callsBefore = store.calls;
    clock += 4_000;
    const refusal = await counter.consume('key:a', 1).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimiterRes);
    // Retry-After comes from the window the store named.
    expect((refusal as RateLimiterRes).msBeforeNext).toBe(6_000);
    expect(store.calls).toBe(callsBefore);
    clock += 6_000;
    expect(await admitted(counter.consume('key:a', 1))).toBe(true);
  });

  it('keeps no tally for callers whose window ended', async () => {
    let clock = 0;
    const store = fakeStore(1000, 10_000, () => clock);
    const counter = new BatchedCounter(store.consume, 10, () => clock);
    for (let i = 0; i < 3000; i++) await counter.consume(`ip:198.51.100.${i}`, 1);
    expect(counter.size).toBeGreaterThan(1000);
    clock += 10_000;
    for (let i = 0; i < 1024; i++) await admitted(counter.consume('key:a', 1));
    expect(counter.size).toBeLessThan(10);
  });

  it('without a batch, sends every request to the store', async () => {
    const store = fakeStore(20, 10_000, () => 0);
    const counter = new BatchedCounter(store.consume, 0, () => 0);
    for (let i = 0; i < 30; i++) await admitted(counter.consume('key:a', 1));
    expect(store.calls).toBe(30);
  });

  it('lets a request through to the store when the store fails, as without batching', async () => {
    let failing = false;
    const store = fakeStore(1000, 10_000, () => 0);
    const consume: StoreConsume = (key, points) =>
      failing ? Promise.reject(new Error('store away')) : store.consume(key, points);
    const counter = new BatchedCounter(consume, 10, () => 0);
    await counter.consume('key:a', 1);
    failing = true;
    // Admitted locally until the failed send: then each request meets the failure itself.
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        counter.consume('key:a', 1).then(
          () => 'admitted',
          (error: unknown) => (error instanceof RateLimiterRes ? 'refused' : 'failed'),
        ),
      ),
    );
    expect(outcomes).not.toContain('refused');
    expect(outcomes).toContain('failed');
  });
});
