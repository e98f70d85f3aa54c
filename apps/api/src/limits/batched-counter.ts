/**
 * The shared request counter (Redis or PostgreSQL, rate-limiter-flexible) told in batches instead
 * of on every request: a round trip to the store per request was a third of the CPU of a
 * `{ __typename }` and one of a submit's five database round trips. rate-limiter-flexible has no
 * such option (`inMemoryBlockOnConsumed` only spares the store once a key is over its limit).
 *
 * Per caller, each replica keeps what the store said was left in the window, less what it admitted
 * since. It admits a request by itself while that balance covers it and fewer than `batch` of its
 * points are not yet counted by the store (admitted here, unsent or on their way); it sends them in
 * one `consume` once half a batch is waiting, one send at a time per caller. Otherwise (first
 * request of a caller, a window that ended, a low balance, a full batch) the request goes to the
 * store itself, with whatever was admitted before it, exactly as without batching. A refusal is
 * remembered until the window ends: the caller's next requests are refused without a round trip.
 *
 * What that changes, and no more:
 * - one replica alone decides every request as the store alone would (a fixed window counts
 *   refused points too, so after one refusal every request of the window is refused);
 * - with several replicas, each may have admitted up to `batch` points the others do not see yet:
 *   a window lets through at most `batch` more per replica (1 % of the window's points, at most
 *   MAX_BATCH), then refuses as before;
 * - windows under MIN_BATCHED_POINTS points (RATE_LIMIT_PER_MINUTE < 6000) are not batched at all:
 *   every request is counted by the store, as before.
 */
import { RateLimiterRes } from 'rate-limiter-flexible';

/** Share of a window's points a replica may admit before the store has counted them. */
export const BATCH_SHARE = 0.01;
/** Store round trips are already rare at this size; more would only loosen the shared limit. */
export const MAX_BATCH = 100;
/** Smaller windows are counted exactly by the store (a batch would be a large share of them). */
export const MIN_BATCHED_POINTS = 1000;

export function batchSize(pointsPerWindow: number): number {
  if (pointsPerWindow < MIN_BATCHED_POINTS) return 0;
  return Math.min(MAX_BATCH, Math.floor(pointsPerWindow * BATCH_SHARE));
}

/** What a store's `consume` does: resolves when admitted, rejects with a RateLimiterRes when not. */
export type StoreConsume = (key: string, points: number) => Promise<RateLimiterRes>;

interface Tally {
  /** Points left in the window at the store's last answer, less what was admitted here since. */
  remaining: number;
  /** When the store's window ends (ms on `now`). */
  resetAt: number;
  /** Refused by the store in this window: every request is refused until resetAt. */
  refused: boolean;
  /** Admitted here, not yet sent to the store. */
  unsent: number;
  /** Sent to the store, whose answer is not back yet. */
  sending: number;
  /** The send on its way (one at a time per caller); settles, never rejects. */
  inFlight?: Promise<void>;
}

/** Idle tallies of ended windows are dropped every this many requests (memory stays bounded). */
const SWEEP_EVERY = 1024;

export class BatchedCounter {
  private readonly tallies = new Map<string, Tally>();
  private readonly sendAt: number;
  private requests = 0;

  constructor(
    private readonly store: StoreConsume,
    readonly batch: number,
    private readonly now: () => number = Date.now,
  ) {
    this.sendAt = Math.max(1, Math.ceil(batch / 2));
  }

  /** Resolves when the request is admitted; rejects with a RateLimiterRes when refused. */
  async consume(key: string, points: number): Promise<void> {
    if (this.batch <= 0) {
      await this.store(key, points);
      return;
    }
    if (++this.requests % SWEEP_EVERY === 0) this.sweep(this.now());
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = { remaining: 0, resetAt: 0, refused: false, unsent: 0, sending: 0 };
      this.tallies.set(key, tally);
    }
    for (;;) {
      const now = this.now();
      if (now >= tally.resetAt) {
        // A new window: what was admitted within the last one and within what it had left is
        // not charged to this one; the store is asked again.
        tally.refused = false;
        tally.remaining = 0;
        tally.unsent = 0;
      }
      if (tally.refused) throw new RateLimiterRes(0, tally.resetAt - now, 0, false);
      if (tally.remaining >= points && tally.unsent + tally.sending + points <= this.batch) {
        tally.remaining -= points;
        tally.unsent += points;
        if (!tally.inFlight && tally.unsent >= this.sendAt)
          void this.send(key, tally).catch(() => undefined);
        return;
      }
      if (!tally.inFlight) break;
      // What is on its way answers first (the store then knows everything admitted here).
      await tally.inFlight;
    }
    tally.unsent += points;
    await this.send(key, tally);
  }

  /** Sends what this replica admitted (and the request waiting, if any) in one store consume. */
  private send(key: string, tally: Tally): Promise<void> {
    const points = tally.unsent;
    tally.unsent = 0;
    tally.sending = points;
    const sent = this.store(key, points).then(
      (answer) => {
        tally.remaining = answer.remainingPoints - tally.unsent;
        tally.resetAt = this.now() + answer.msBeforeNext;
      },
      (refusal: unknown) => {
        // Over the limit: refused until the window ends. A store error: the next request asks
        // the store itself (which then answers from its insurance, in memory).
        tally.remaining = 0;
        if (refusal instanceof RateLimiterRes) {
          tally.refused = true;
          tally.resetAt = this.now() + refusal.msBeforeNext;
        }
        throw refusal;
      },
    );
    tally.inFlight = sent.then(
      () => undefined,
      () => undefined,
    );
    void tally.inFlight.then(() => {
      tally.sending = 0;
      tally.inFlight = undefined;
    });
    return sent;
  }

  private sweep(now: number): void {
    for (const [key, tally] of this.tallies) {
      if (!tally.inFlight && now >= tally.resetAt) this.tallies.delete(key);
    }
  }

  /** Callers with a tally (for tests: memory stays bounded). */
  get size(): number {
    return this.tallies.size;
  }
}
