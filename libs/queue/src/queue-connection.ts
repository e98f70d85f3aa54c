/**
 * Which BullMQ backend runs, and how to reach it. This folder is the only place that imports
 * BullMQ; the rest of the service speaks to `QueueService`.
 */
import {
  createPostgresBackend,
  Queue,
  runMigrations,
  withBackend,
  Worker,
  type JobsOptions,
  type Processor,
} from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { CONNECT_ATTEMPT_MS } from '@observatory/config';
import { guardDatabaseConnectionErrors } from '@observatory/persistence';

export type QueueBackendName = 'postgres' | 'redis';

/** How long a worker waits before it asks a failing backend for its next job again. */
const FETCH_RETRY_DELAY_MS = 1000;

type WorkerClass = typeof Worker;

/**
 * BullMQ's main loop retries a failed job fetch at once when the error is not one it knows as a
 * connection error (for example `Connection terminated unexpectedly` from a PostgreSQL that went
 * away): the fetch then fails again within the same microtask queue, millions of times a second,
 * and the event loop never runs timers, signals or I/O again (a process stuck at 100 % CPU that
 * ignores SIGTERM). Waiting in `moveToActive`, BullMQ's protected fetch step, lets every failed
 * fetch yield to the event loop.
 */
function patientWorker(Base: WorkerClass): WorkerClass {
  const Fetching = Base as new (...args: ConstructorParameters<WorkerClass>) => Worker;
  class PatientWorker extends Fetching {
    protected override async moveToActive(token: string, name?: string) {
      try {
        return await super.moveToActive(token, name);
      } catch (error) {
        if (!this.closing)
          await new Promise((resolve) => setTimeout(resolve, FETCH_RETRY_DELAY_MS));
        throw error;
      }
    }
  }
  return PatientWorker as unknown as WorkerClass;
}

const RedisWorker = patientWorker(Worker);

export interface QueueConnectionConfig {
  backend: QueueBackendName;
  /** PostgreSQL URL (postgres backend) or Redis URL (redis backend). */
  url: string;
  /**
   * Namespace of the queues: a PostgreSQL schema, or a Redis key prefix (wrapped in braces so
   * every key of one queue lands in one Redis Cluster slot).
   */
  namespace: string;
  /** Lock of an active job; a worker that dies loses its jobs to others after this (default 30 s). */
  lockMs?: number;
}

/** Builds BullMQ queues and workers for the configured backend. */
export class QueueConnection {
  private readonly redisClients: IORedis[] = [];
  private readonly postgres = withBackend(createPostgresBackend);
  private readonly PostgresWorker = patientWorker(this.postgres.Worker as unknown as WorkerClass);

  constructor(readonly config: QueueConnectionConfig) {
    // BullMQ's own pg clients too: a database restart must not crash the process.
    if (config.backend === 'postgres') guardDatabaseConnectionErrors();
  }

  /** Creates BullMQ's own tables (PostgreSQL backend) before the first queue starts. */
  async prepare(): Promise<void> {
    if (this.config.backend !== 'postgres') return;
    const client = new Client({
      connectionString: this.config.url,
      connectionTimeoutMillis: CONNECT_ATTEMPT_MS,
    });
    await client.connect();
    try {
      await runMigrations(client, this.config.namespace);
    } finally {
      await client.end();
    }
  }

  createQueue(name: string, defaultJobOptions?: JobsOptions): Queue {
    if (this.config.backend === 'postgres') {
      return new this.postgres.Queue(name, {
        connection: this.postgresConnection(),
        defaultJobOptions,
      }) as unknown as Queue;
    }
    return new Queue(name, {
      connection: this.redisClient('producer'),
      prefix: this.redisPrefix(),
      defaultJobOptions,
    });
  }

  createWorker<T, R>(name: string, processor: Processor<T, R>, concurrency: number): Worker<T, R> {
    if (this.config.backend === 'postgres') {
      return new this.PostgresWorker<T, R>(name, processor, {
        connection: this.postgresConnection(),
        concurrency,
        autorun: true,
        ...this.lockOptions(),
      }) as unknown as Worker<T, R>;
    }
    // A worker blocks its connection while waiting for jobs: it gets a client of its own.
    return new RedisWorker<T, R>(name, processor, {
      connection: this.redisClient('worker'),
      prefix: this.redisPrefix(),
      concurrency,
      autorun: true,
      ...this.lockOptions(),
    });
  }

  /** Throws when the backend does not answer. */
  async ping(): Promise<void> {
    if (this.config.backend === 'postgres') {
      const client = new Client({
        connectionString: this.config.url,
        connectionTimeoutMillis: 2000,
      });
      try {
        await client.connect();
        await client.query(`SELECT 1 FROM ${quoteIdent(this.config.namespace)}.migration LIMIT 1`);
      } finally {
        await client.end().catch(() => undefined);
      }
      return;
    }
    await pingRedis(this.config.url, 2000);
  }

  async close(): Promise<void> {
    for (const client of this.redisClients.splice(0)) client.disconnect();
  }

  private postgresConnection(): {
    connectionString: string;
    schema: string;
    max: number;
    connectionTimeoutMillis: number;
  } {
    // Like the service's own pool: a connection not had within 30 s fails instead of hanging.
    return {
      connectionString: this.config.url,
      schema: this.config.namespace,
      max: 4,
      connectionTimeoutMillis: 30_000,
    };
  }

  /**
   * Producers fail fast while Redis is away (no offline queue), so a caller can keep its work for
   * later instead of hanging; workers wait and reconnect.
   */
  private redisClient(role: 'producer' | 'worker'): IORedis {
    const client = new IORedis(this.config.url, {
      maxRetriesPerRequest: role === 'producer' ? 1 : null,
      enableOfflineQueue: role === 'worker',
    });
    // Connection errors surface through BullMQ and /health; an unhandled 'error' would crash us.
    client.on('error', () => undefined);
    this.redisClients.push(client);
    return client;
  }

  private lockOptions(): { lockDuration?: number; stalledInterval?: number } {
    const lockMs = this.config.lockMs;
    return lockMs ? { lockDuration: lockMs, stalledInterval: lockMs } : {};
  }

  private redisPrefix(): string {
    return `{${this.config.namespace}}`;
  }
}

/** One connection and a PING, each given at most `timeoutMs`; throws when Redis does not answer. */
export async function pingRedis(url: string, timeoutMs: number): Promise<void> {
  const client = new IORedis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // ioredis reports why it could not connect (ECONNREFUSED…) as an event, then rejects with a
  // bare "Connection is closed.": keep the reason.
  let reason: Error | undefined;
  client.on('error', (error: Error) => (reason ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw reason ?? error;
  } finally {
    client.disconnect();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
