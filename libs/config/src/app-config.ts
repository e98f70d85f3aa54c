/**
 * The one configuration schema of the service. Every environment variable is read here, once,
 * and validated; the rest of the code receives a typed `AppConfig`.
 */
import { isIP } from 'node:net';
import * as path from 'node:path';

export type QueueBackendName = 'postgres' | 'redis';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  port: number;
  host: string;
  /** Absent: the service runs its own embedded PostgreSQL under `dataDir`. */
  databaseUrl?: string;
  redisUrl?: string;
  queueBackend: QueueBackendName;
  /** Bootstrap admin key; generated and printed once in embedded mode when absent. */
  adminApiKey?: string;
  dataDir: string;
  /** Port of the embedded PostgreSQL; 0 picks a free one at each start. */
  embeddedPostgresPort: number;
  /** Run the queue processors inside the API process (default in embedded mode). */
  runWorker: boolean;
  logLevel: LogLevel;
  /** Write the JSON logs to this file instead of stdout. */
  logFile?: string;
  /** Extra instrument plugins: directories or package names. */
  instrumentPlugins: string[];
  /** How long a shutdown may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** Where export files are written (EXPORT_DIR, default DATA_DIR/exports). */
  exportDir: string;
  /** Days an export's files are kept before the retention job deletes them. */
  exportRetentionDays: number;
  /**
   * Secret for per-partner pseudonyms and signed download URLs. API and worker must share it;
   * generated under DATA_DIR when unset (fine on one machine).
   */
  exportSecret?: string;
  /** Public base URL of the API, for the download links it signs. */
  publicUrl?: string;
  /**
   * How long a worker holds a job before another worker may take it over (a killed worker's jobs
   * are retried after this).
   */
  queueLockMs: number;
  /**
   * Requests a minute per API key (or per client address without a valid key), a request being
   * charged one unit per started 100 points of query cost; 0 turns the limit off.
   */
  rateLimitPerMinute: number;
  /** Requests with an unknown or revoked key a minute per client address before 429. */
  authFailuresPerMinute: number;
  /**
   * Which proxies in front of the API are trusted to name the client address
   * (`X-Forwarded-For`): `false` (none, the default), a number of hops, or addresses and subnets.
   */
  trustProxy: boolean | number | string[];
  /** Largest query cost of one request (fields 1 point each, expensive operations more). */
  maxQueryCost: number;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Concurrent HTTP connections accepted by one API process; more are closed at once. */
  maxConnections: number;
  /** Time a client has to send a whole request (headers and body); past it, 408. */
  requestTimeoutMs: number;
  /**
   * How long the start keeps trying to reach the database and Redis before it gives up with
   * `Start failed:`; each attempt waits at most 5 s.
   */
  startTimeoutMs: number;
  /** Seed the demo campaigns (TechESS-like and MicroOBS-like) at start; default in embedded mode. */
  demoData: boolean;
  /**
   * m: the fewest anonymous answers the mixing stores together (raised to the k of the strictest
   * agreement covering the campaign and instrument). See docs/submissions.md.
   */
  anonymousBatchSize: number;
  /** Browser origins allowed to call the API across origins (CORS); none by default. */
  corsOrigins: string[];
  /** Serve the GraphiQL IDE at `GET /graphql` to browsers; default in embedded mode. */
  graphiql: boolean;
}

/** A bad environment variable: the message is one line that names it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** Documented in the README; keep both in step. */
export function loadAppConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): AppConfig {
  const databaseUrl = optionalUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = optionalUrl(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const queueBackend = oneOf(
    env,
    'QUEUE_BACKEND',
    ['postgres', 'redis'] as const,
    redisUrl ? 'redis' : 'postgres',
  );
  if (queueBackend === 'redis' && !redisUrl) {
    throw new ConfigError('QUEUE_BACKEND', 'is "redis" but REDIS_URL is not set');
  }
  const adminApiKey = nonEmpty(env.ADMIN_API_KEY);
  if (adminApiKey !== undefined && adminApiKey.length < 24) {
    throw new ConfigError('ADMIN_API_KEY', 'must be at least 24 characters long');
  }
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: nonEmpty(env.HOST) ?? '127.0.0.1',
    databaseUrl,
    redisUrl,
    queueBackend,
    adminApiKey,
    dataDir: path.resolve(cwd, nonEmpty(env.DATA_DIR) ?? '.data'),
    embeddedPostgresPort: integer(env, 'EMBEDDED_POSTGRES_PORT', 0, 0, 65535),
    runWorker: boolean(env, 'RUN_WORKER', databaseUrl === undefined),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logFile: nonEmpty(env.LOG_FILE) ? path.resolve(cwd, nonEmpty(env.LOG_FILE)!) : undefined,
    instrumentPlugins: (nonEmpty(env.INSTRUMENT_PLUGINS) ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 8000, 100, 600000),
    demoData: boolean(env, 'DEMO_DATA', databaseUrl === undefined),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 6000, 0, 10_000_000),
    authFailuresPerMinute: integer(env, 'AUTH_FAILURES_PER_MINUTE', 30, 1, 1_000_000),
    trustProxy: trustProxy(env),
    maxQueryCost: integer(env, 'MAX_QUERY_COST', 1000, 10, 1_000_000),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    maxConnections: integer(env, 'MAX_CONNECTIONS', 1000, 1, 1_000_000),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30000, 1000, 600000),
    startTimeoutMs: integer(env, 'START_TIMEOUT_MS', 30000, 1000, 600000),
    queueLockMs: integer(env, 'QUEUE_LOCK_MS', 30000, 1000, 3600000),
    exportDir: path.resolve(
      cwd,
      nonEmpty(env.EXPORT_DIR) ?? path.join(nonEmpty(env.DATA_DIR) ?? '.data', 'exports'),
    ),
    exportRetentionDays: integer(env, 'EXPORT_RETENTION_DAYS', 30, 1, 3650),
    exportSecret: secret(env, 'EXPORT_SECRET'),
    publicUrl: optionalUrl(env, 'PUBLIC_URL', ['http:', 'https:']),
    anonymousBatchSize: integer(env, 'ANONYMOUS_BATCH_SIZE', 10, 2, 1000),
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    graphiql: boolean(env, 'GRAPHIQL', databaseUrl === undefined),
  };
}

/**
 * A comma-separated allow-list of browser origins (`https://app.example.org`, a port if not the
 * default): scheme, host and port only, as browsers send them in `Origin`. `*` is refused: every
 * origin must be named.
 */
function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const entries = (nonEmpty(env[name]) ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  return [
    ...new Set(
      entries.map((entry) => {
        if (entry === '*') {
          throw new ConfigError(name, 'cannot be "*": list the origins allowed, comma-separated');
        }
        let url: URL;
        try {
          url = new URL(entry);
        } catch {
          throw new ConfigError(
            name,
            `has "${entry}", which is not an origin such as https://app.example.org`,
          );
        }
        if (
          !['http:', 'https:'].includes(url.protocol) ||
          url.origin !== entry.replace(/\/$/, '')
        ) {
          throw new ConfigError(
            name,
            `has "${entry}": give scheme, host and port only, such as https://app.example.org`,
          );
        }
        return url.origin;
      }),
    ),
  ];
}

/**
 * TRUST_PROXY: unset or `false` trusts no proxy (the client address is the TCP peer); a number is
 * how many proxies in front are trusted; otherwise addresses, subnets (CIDR) or `loopback`,
 * `linklocal`, `uniquelocal`, comma-separated. `true` (trust any sender) is refused: any client
 * could then choose the address it is counted under.
 */
function trustProxy(env: NodeJS.ProcessEnv): boolean | number | string[] {
  const raw = nonEmpty(env.TRUST_PROXY);
  if (raw === undefined || ['false', '0', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 0, 100);
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) {
    throw new ConfigError(
      'TRUST_PROXY',
      'must name the proxies (a number of hops, addresses or subnets), not "true": any client could then choose its address',
    );
  }
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/');
    const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= 128);
    if (!named.includes(entry) && (isIP(address) === 0 || !validBits || rest.length > 0))
      throw new ConfigError(
        'TRUST_PROXY',
        `has an entry that is not an address or subnet: "${entry}"`,
      );
  }
  return entries;
}

function secret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = nonEmpty(env[name]);
  if (value !== undefined && value.length < 32)
    throw new ConfigError(name, 'must be at least 32 characters long');
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = nonEmpty(env[name])?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const match = allowed.find((value) => value === raw.toLowerCase());
  if (!match) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return match;
}

/** Never echoes the value back: a URL may carry a password. */
function optionalUrl(
  env: NodeJS.ProcessEnv,
  name: string,
  protocols: string[],
): string | undefined {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      name,
      `is not a valid URL (expected ${protocols[0]}//user:password@host:port/...)`,
    );
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  if (!url.hostname) throw new ConfigError(name, 'has no host');
  return raw;
}
