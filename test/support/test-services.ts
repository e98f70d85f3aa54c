/**
 * The real services the integration and end-to-end tests run against, started once per `npm test`
 * by the global setup: one embedded PostgreSQL (each test file gets a database of its own) and,
 * when available, one local redis-server. Under CI=true a missing Redis is an error, not a skip.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedPostgresServer } from '@observatory/persistence';

export interface TestServices {
  postgres: EmbeddedPostgresServer;
  redis?: ChildProcess;
  dir: string;
}

export async function startTestServices(): Promise<TestServices> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'observatory-test-'));
  // As root the database runs as `postgres`, which must be able to reach its data directory.
  fs.chmodSync(dir, 0o755);
  const postgres = new EmbeddedPostgresServer({ dataDir: path.join(dir, 'postgres'), port: 0 });
  await postgres.start();
  process.env.TEST_POSTGRES_URL = postgres.url();

  let redis: ChildProcess | undefined;
  if (process.env.REDIS_URL) {
    process.env.TEST_REDIS_URL = process.env.REDIS_URL;
  } else if (spawnSync('redis-server', ['--version']).status === 0) {
    const port = await freePort();
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
        detached: true,
      },
    );
    await waitForPort(port);
    process.env.TEST_REDIS_URL = `redis://127.0.0.1:${port}`;
  } else if (process.env.CI === 'true') {
    throw new Error(
      'CI=true but no Redis: install redis-server (apt-get install -y redis-server) or set REDIS_URL',
    );
  } else {
    console.warn(
      '[tests] redis-server not found and REDIS_URL unset: Redis-backed queue tests are skipped locally',
    );
  }
  return { postgres, redis, dir };
}

export async function stopTestServices(services: TestServices): Promise<void> {
  services.redis?.kill('SIGTERM');
  await services.postgres.stop();
  fs.rmSync(services.dir, { recursive: true, force: true });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Waits until something accepts TCP connections on 127.0.0.1:`port` (a server just spawned). */
export async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing opened port ${port}`);
}
