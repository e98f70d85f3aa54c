import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ApiKeyService, bearerSecret } from '@observatory/auth';
import { RUNTIME, type Runtime } from '@observatory/config';
import { BatchedCounter, batchSize } from './batched-counter';
import { BlockedCallers } from './blocked-callers';
import { clientAddress } from './client-address';
import { RateLimitStore } from './rate-limit-store';

/** Query cost points that make one request unit of RATE_LIMIT_PER_MINUTE. */
export const COST_POINTS_PER_UNIT = 100;
/** The budget is counted over windows of this many seconds (a sixth of RATE_LIMIT_PER_MINUTE each). */
const WINDOW_SECONDS = 10;

export type Admission =
  { admitted: true } | { admitted: false; retryAfterSeconds: number; message: string };

const CALLER = Symbol('observatory:rate-limit-caller');
type CountedRequest = Request & { [CALLER]?: string };

/**
 * The rate limit, counted on the caller that is known:
 * - a request with a valid API key, per key;
 * - any other request (no key, or an unknown or revoked one), per client address.
 * An address that sent AUTH_FAILURES_PER_MINUTE unknown keys within a minute is refused before
 * its next key is even looked up, so a flood of made-up keys costs no database lookup each and,
 * being counted on the attacker's own address, takes nothing from real callers. The failures are
 * counted in the shared store when they happen (a penalty); the store's answer tells this replica
 * that the address is now over, and the replica refuses it until the minute ends (BlockedCallers):
 * a request with a valid key costs no failure check.
 * Counters live in Redis or PostgreSQL (RateLimitStore), shared by every replica; requests are
 * told to them in batches (BatchedCounter, RATE_LIMIT_PER_MINUTE ≥ 6000).
 */
@Injectable()
export class RateLimits implements OnModuleDestroy {
  private readonly store?: RateLimitStore;
  private readonly requests?: BatchedCounter;
  private readonly authFailures?: RateLimiterAbstract;
  private readonly overFailures = new BlockedCallers();
  readonly perMinute: number;
  private readonly authFailuresPerMinute: number;

  constructor(
    @Inject(RUNTIME) runtime: Runtime,
    private readonly apiKeys: ApiKeyService,
  ) {
    const { config } = runtime;
    this.perMinute = config.rateLimitPerMinute;
    this.authFailuresPerMinute = config.authFailuresPerMinute;
    if (this.perMinute > 0) {
      // Only when the limit is on: the store opens a Redis connection or a pool.
      this.store = new RateLimitStore(config, runtime.databaseUrl);
      const points = Math.max(1, Math.ceil(this.perMinute / (60 / WINDOW_SECONDS)));
      const requests = this.store.limiter({
        keyPrefix: 'requests',
        points,
        durationSeconds: WINDOW_SECONDS,
      });
      this.requests = new BatchedCounter(
        (caller, units) => requests.consume(caller, units),
        batchSize(points),
      );
      this.authFailures = this.store.limiter({
        keyPrefix: 'auth-failures',
        points: this.authFailuresPerMinute,
        durationSeconds: 60,
      });
    }
  }

  get enabled(): boolean {
    return this.requests !== undefined;
  }

  /** At the door of a request: names its caller and charges it one unit (nothing when RATE_LIMIT_PER_MINUTE is 0). */
  async admit(request: Request): Promise<Admission> {
    if (!this.enabled) return { admitted: true };
    const address = clientAddress(request.ip);
    let caller = `ip:${address}`;
    if (this.authFailures && bearerSecret(request.headers.authorization)) {
      const blockedMs = this.overFailures.msLeft(address);
      if (blockedMs > 0) {
        return refusal(
          new RateLimiterRes(0, blockedMs, this.authFailuresPerMinute),
          `Too many requests with unknown API keys from this address: at most ${this.authFailuresPerMinute} a minute`,
        );
      }
      // A lookup that fails (database away) counts the request on its address; the access
      // guard then meets the same failure and answers SERVICE_UNAVAILABLE.
      const principal = await this.apiKeys.authenticateRequest(request).then(
        (found) => found ?? null,
        () => undefined,
      );
      if (principal) caller = `key:${principal.keyId}`;
      else if (principal === null) await this.countFailure(address);
    }
    (request as CountedRequest)[CALLER] = caller;
    return this.charge(request, 1);
  }

  /** One more unknown key from `address`; past the limit, the address is refused until the minute ends. */
  private async countFailure(address: string): Promise<void> {
    const failures = await this.authFailures!.penalty(address, 1).catch(() => undefined);
    if (failures && failures.consumedPoints >= this.authFailuresPerMinute) {
      this.overFailures.block(address, failures.msBeforeNext);
    }
  }

  /**
   * Charges a request's query cost beyond the unit paid at the door: one unit per started
   * COST_POINTS_PER_UNIT points.
   */
  chargeCost(request: Request, cost: number): Promise<Admission> {
    return this.charge(request, Math.ceil(cost / COST_POINTS_PER_UNIT) - 1);
  }

  private async charge(request: Request, units: number): Promise<Admission> {
    const caller = (request as CountedRequest)[CALLER];
    if (!this.requests || !caller || units <= 0) return { admitted: true };
    try {
      await this.requests.consume(caller, units);
      return { admitted: true };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) return { admitted: true };
      return refusal(
        rejection,
        caller.startsWith('key:')
          ? `Too many requests for this key: at most ${this.perMinute} a minute`
          : `Too many requests from this address: at most ${this.perMinute} a minute`,
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.store?.close();
  }
}

function refusal(result: RateLimiterRes, reason: string): Admission {
  const retryAfterSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
  return {
    admitted: false,
    retryAfterSeconds,
    message: `${reason}; retry in ${retryAfterSeconds} s`,
  };
}
