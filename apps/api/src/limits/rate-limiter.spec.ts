import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst of a sixth of the per-minute rate, then refuses', () => {
    const limiter = new RateLimiter(60, 10);
    const now = 1_000_000;
    const allowed = Array.from({ length: 15 }, () => limiter.take('key-a', now)).filter(
      Boolean,
    ).length;
    expect(allowed).toBe(10);
    expect(limiter.take('key-a', now)).toBe(false);
    expect(limiter.retryAfterSeconds('key-a')).toBe(1);
  });

  it('refills over time and counts callers apart', () => {
    const limiter = new RateLimiter(60);
    const now = 1_000_000;
    for (let i = 0; i < 10; i++) limiter.take('key-a', now);
    expect(limiter.take('key-a', now)).toBe(false);
    expect(limiter.take('key-b', now)).toBe(true);
    expect(limiter.take('key-a', now + 1000)).toBe(true);
  });

  it('keeps at most maxCallers buckets', () => {
    const limiter = new RateLimiter(60, 3);
    for (const caller of ['a', 'b', 'c', 'd']) limiter.take(caller, 0);
    for (let i = 0; i < 10; i++) limiter.take('d', 0);
    // "a" was forgotten: it starts again with a full bucket.
    expect(limiter.take('a', 0)).toBe(true);
  });
});
