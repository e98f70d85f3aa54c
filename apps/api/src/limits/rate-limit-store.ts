/**
 * Where the rate-limit counters live: in Redis when REDIS_URL is set, else in the service's
 * PostgreSQL (the UNLOGGED table `rate_limit`), so that every API replica counts against the same
 * budget. rate-limiter-flexible does the counting (atomic increments with an expiry, one round
 * trip); while the store does not answer, each replica falls back to counting in its own memory
 * rather than letting everything through or refusing everything.
 */
import IORedis from 'ioredis';
import { Pool } from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { AppConfig } from '@observatory/config';
import { guardDatabaseConnectionErrors } from '@observatory/persistence';

export interface LimiterOptions {
  /** Distinguishes the counters of one limit from another's in the shared store. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

/** How long a count may take before the replica's own memory is used instead. */
const STORE_TIMEOUT_MS = 1000;

export class RateLimitStore {
  private readonly redis?: IORedis;
  private readonly pool?: Pool;

  constructor(config: AppConfig, databaseUrl: string) {
    if (config.redisUrl) {
      this.redis = new IORedis(config.redisUrl, {
        // A count must not wait for a Redis that is away: fall back to memory at once.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: STORE_TIMEOUT_MS,
        commandTimeout: STORE_TIMEOUT_MS,
      });
      this.redis.on('error', () => undefined);
    } else {
      guardDatabaseConnectionErrors();
      this.pool = new Pool({
        connectionString: databaseUrl,
        max: 4,
        connectionTimeoutMillis: STORE_TIMEOUT_MS,
        query_timeout: STORE_TIMEOUT_MS,
        application_name: 'observatory-rate-limit',
      });
      this.pool.on('error', () => undefined);
    }
  }

  get kind(): 'redis' | 'postgres' {
    return this.redis ? 'redis' : 'postgres';
  }

  limiter({ keyPrefix, points, durationSeconds }: LimiterOptions): RateLimiterAbstract {
    const insuranceLimiter = new RateLimiterMemory({ points, duration: durationSeconds });
    if (this.redis) {
      return new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `{observatory}:rl:${keyPrefix}`,
        points,
        duration: durationSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter,
      });
    }
    return new RateLimiterPostgres({
      storeClient: this.pool,
      storeType: 'pool',
      tableName: 'rate_limit',
      // Created by the migrations, not by the library.
      tableCreated: true,
      keyPrefix,
      points,
      duration: durationSeconds,
      insuranceLimiter,
    });
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
    await this.pool?.end().catch(() => undefined);
  }
}
