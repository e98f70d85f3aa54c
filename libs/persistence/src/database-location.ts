import * as path from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '@observatory/config';
import { StartDeadline, untilReachable, type StartLog } from '@observatory/config';
import { lockDataDir } from './data-dir-lock';
import { EmbeddedPostgresServer } from './embedded-postgres-server';

export interface DatabaseLocation {
  url: string;
  /** Set when this process started the database and must stop it last. */
  embedded?: EmbeddedPostgresServer;
  /** Stops the embedded PostgreSQL and releases DATA_DIR (nothing to do for an external one). */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Start-up retries are logged here. */
  log?: StartLog;
  /** When to give up on an external database that does not answer (default: START_TIMEOUT_MS from now). */
  deadline?: StartDeadline;
  /** Server messages of the embedded PostgreSQL. */
  onServerLog?: (line: string) => void;
  /**
   * Called before the embedded PostgreSQL starts, with what stops it: a shutdown during its start
   * (a signal) then stops it too. May throw to abandon the start (after calling `stop`).
   */
  register?: (stop: () => Promise<void>) => Promise<void>;
}

const EMBEDDED_DATABASE = 'observatory';
const SILENT: StartLog = { warn: () => undefined };

/**
 * DATABASE_URL when given (once it answers); otherwise a private PostgreSQL under DATA_DIR, kept
 * across restarts, which this process then holds alone (a second start on the same DATA_DIR
 * fails with DataDirInUseError).
 */
export async function openDatabase(
  config: AppConfig,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseLocation> {
  if (config.databaseUrl) {
    await waitForDatabase(
      config.databaseUrl,
      options.deadline ?? new StartDeadline(config.startTimeoutMs),
      options.log ?? SILENT,
    );
    return { url: config.databaseUrl, close: async () => undefined };
  }
  const lock = lockDataDir(config.dataDir);
  const embedded = new EmbeddedPostgresServer({
    dataDir: path.join(config.dataDir, 'postgres'),
    port: config.embeddedPostgresPort,
    onLog: options.onServerLog,
  });
  const close = async (): Promise<void> => {
    try {
      await embedded.stop();
    } finally {
      lock.release();
    }
  };
  if (options.register) {
    try {
      await options.register(close);
    } catch (error) {
      await close();
      throw error;
    }
  }
  try {
    await embedded.start();
    return { url: await embedded.createDatabase(EMBEDDED_DATABASE), embedded, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Connects once and runs `SELECT 1`, retrying until the deadline (a server that accepts TCP and never answers included). */
export function waitForDatabase(
  url: string,
  deadline: StartDeadline,
  log: StartLog,
): Promise<void> {
  return untilReachable(
    'the database',
    async (timeoutMs) => {
      const client = new Client({
        connectionString: url,
        connectionTimeoutMillis: timeoutMs,
        query_timeout: timeoutMs,
      });
      // A server that drops the connection later must not crash the process.
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
      } finally {
        // A server that never answers would never acknowledge the goodbye either.
        await Promise.race([
          client.end().catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
        ]);
      }
    },
    deadline,
    log,
  );
}
