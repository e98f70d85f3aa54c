/**
 * A token bucket per caller: `perMinute` requests a minute on average, in bursts of up to
 * `perMinute / 6` (ten seconds' worth). In memory, so each API replica counts on its own.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updated: number }>();
  private readonly capacity: number;
  private readonly refillPerMs: number;

  constructor(
    readonly perMinute: number,
    private readonly maxCallers = 100_000,
  ) {
    this.capacity = Math.max(1, Math.ceil(perMinute / 6));
    this.refillPerMs = perMinute / 60_000;
  }

  /** True when the caller may go on; false when it must wait. */
  take(caller: string, now = Date.now()): boolean {
    let bucket = this.buckets.get(caller);
    if (!bucket) {
      // Bounded memory: forget the oldest callers first (a Map keeps insertion order).
      if (this.buckets.size >= this.maxCallers)
        this.buckets.delete(this.buckets.keys().next().value as string);
      bucket = { tokens: this.capacity, updated: now };
      this.buckets.set(caller, bucket);
    }
    bucket.tokens = Math.min(
      this.capacity,
      bucket.tokens + (now - bucket.updated) * this.refillPerMs,
    );
    bucket.updated = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Seconds until one more request is allowed. */
  retryAfterSeconds(caller: string): number {
    const bucket = this.buckets.get(caller);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000);
  }
}
