/**
 * Start-up faults as an operator meets them, with the real entry points in child processes and
 * real ports: a second start on a data directory in use, a port already taken, a database that
 * accepts connections and never answers, an unreachable Redis, a signal during a hung start.
 * Each ends with one `Start failed:` line and exit code 1 (or a clean stop on a signal), and
 * nothing of the process left running.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { LOCK_FILE } from '@observatory/persistence';
import {
  API_ENTRY,
  apiUrl,
  blackHole,
  freePort,
  jsonLines,
  killed,
  logged,
  postgresProcessesUnder,
  spawnService,
  WORKER_ENTRY,
  type ServiceProcess,
} from '../support/service-process';

const SHUTDOWN_TIMEOUT_MS = 8000;
// Several real starts of the service per test, on a machine that may be busy.
jest.setTimeout(240_000);
const started: ServiceProcess[] = [];
let parent: string;

const service = (entry: string, env: NodeJS.ProcessEnv): ServiceProcess => {
  const running = spawnService(entry, {
    PORT: '0',
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    ...env,
  });
  started.push(running);
  return running;
};

const dataDir = (name: string): string => path.join(parent, name);

beforeAll(() => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), 'start-faults-'));
  // As root the embedded PostgreSQL runs as `postgres`, which must reach its data directory.
  fs.chmodSync(parent, 0o755);
});

afterAll(async () => {
  for (const running of started) await killed(running);
  // A failed assertion must not leave an embedded PostgreSQL behind.
  for (const line of postgresProcessesUnder(parent)) {
    const pid = Number(line.trim().split(/\s+/)[0]);
    if (pid > 0) process.kill(pid, 'SIGKILL');
  }
  fs.rmSync(parent, { recursive: true, force: true });
});

describe('a data directory in use', () => {
  it('refuses a second start at once and leaves the first untouched; a dead owner is taken over', async () => {
    const dir = dataDir('shared');
    const first = service(API_ENTRY, {
      DATA_DIR: dir,
      ADMIN_API_KEY: 'start-faults-admin-0123456789',
    });
    const url = await apiUrl(first);
    const servers = postgresProcessesUnder(dir);
    expect(servers.length).toBeGreaterThan(0);

    const second = service(API_ENTRY, { DATA_DIR: dir });
    expect((await second.exited).code).toBe(1);
    expect(second.stderr().trim().split('\n')).toEqual([
      `Start failed: DATA_DIR ${dir} is in use by process ${first.child.pid}`,
    ]);
    // The first keeps its database: same server processes, healthy, answering.
    expect(postgresProcessesUnder(dir)).toEqual(servers);
    expect((await request(url).get('/health')).status).toBe(200);
    const viewer = await request(url)
      .post('/graphql')
      .set('authorization', 'Bearer start-faults-admin-0123456789')
      .send({ query: '{ viewer { role } }' });
    expect(viewer.body).toEqual({ data: { viewer: { role: 'ADMIN' } } });
    expect(first.stdout()).not.toMatch(/database connection was lost/);

    // kill -9: the lock and the embedded server stay behind; the next start takes both over.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    expect(postgresProcessesUnder(dir).length).toBeGreaterThan(0);
    const third = service(API_ENTRY, { DATA_DIR: dir });
    await apiUrl(third);
    third.child.kill('SIGTERM');
    expect((await third.exited).code).toBe(0);
    expect(postgresProcessesUnder(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });
});

describe('a port already in use', () => {
  it('stops everything it started, prints one line and exits 1', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const dir = dataDir('port');
    try {
      const api = service(API_ENTRY, { DATA_DIR: dir, PORT: String(port) });
      const { code } = await api.exited;
      expect(code).toBe(1);
      expect(api.stderr().trim().split('\n')).toEqual([
        `Start failed: listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
      ]);
      expect(postgresProcessesUnder(dir)).toEqual([]);
      expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe('a database that accepts connections and never answers', () => {
  let hole: Awaited<ReturnType<typeof blackHole>>;
  beforeAll(async () => {
    hole = await blackHole();
  });
  afterAll(() => hole.close());

  it.each([
    ['the API', API_ENTRY],
    ['the worker', WORKER_ENTRY],
  ])('%s logs each retry with its reason, then fails within START_TIMEOUT_MS', async (_, entry) => {
    const running = service(entry, {
      DATABASE_URL: `postgres://observatory:secret@127.0.0.1:${hole.port}/observatory`,
      // Longer than one attempt (5 s), so that at least one retry is logged.
      START_TIMEOUT_MS: '8000',
      DATA_DIR: dataDir('hole'),
    });
    expect((await running.exited).code).toBe(1);
    expect(running.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Start failed: the database did not answer within 8000 ms \(START_TIMEOUT_MS\), after \d+ attempts?; last error: timeout expired$/,
      ),
    ]);
    const retries = jsonLines(running.stdout()).filter(
      (line) => line.msg === 'waiting for the database',
    );
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]).toMatchObject({ level: 40, reason: 'timeout expired', attempt: 1 });
    // The password of DATABASE_URL never appears.
    expect(running.stdout() + running.stderr()).not.toContain('secret');
  });
});

describe('an unreachable Redis', () => {
  it('the API with its in-process worker fails within START_TIMEOUT_MS and stops its database', async () => {
    const dir = dataDir('redis');
    const api = service(API_ENTRY, {
      DATA_DIR: dir,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      START_TIMEOUT_MS: '4000',
    });
    expect((await api.exited).code).toBe(1);
    expect(api.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Start failed: Redis did not answer within 4000 ms \(START_TIMEOUT_MS\), after \d+ attempts?; last error: .*ECONNREFUSED/,
      ),
    ]);
    expect(jsonLines(api.stdout()).some((line) => line.msg === 'waiting for Redis')).toBe(true);
    expect(postgresProcessesUnder(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('a SIGTERM during the wait stops the embedded PostgreSQL and exits cleanly', async () => {
    const hole = await blackHole();
    const dir = dataDir('redis-signal');
    try {
      const api = service(API_ENTRY, {
        DATA_DIR: dir,
        REDIS_URL: `redis://127.0.0.1:${hole.port}`,
        START_TIMEOUT_MS: '120000',
      });
      await logged(api, 'waiting for Redis');
      expect(postgresProcessesUnder(dir).length).toBeGreaterThan(0);
      api.child.kill('SIGTERM');
      expect((await api.exited).code).toBe(0);
      expect(postgresProcessesUnder(dir)).toEqual([]);
      expect(api.stderr()).toBe('');
    } finally {
      await hole.close();
    }
  });
});
