/**
 * The service as a person starts it: the real entry point in a child process, on its embedded
 * PostgreSQL, stopped with SIGTERM; then started again on the same data.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';

const ROOT = path.resolve(__dirname, '../..');
const ENTRY = [
  '-r',
  path.join(ROOT, 'test/support/ts-register.js'),
  path.join(ROOT, 'apps/api/main.ts'),
];

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  url: string;
}

const children: ChildProcess[] = [];

async function start(env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, ENTRY, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A first start creates the database and seeds the demo data (95 MicroOBS responses submitted
  // one by one): under a loaded CI machine that takes a while.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const match = /Observatory API is up: (http:\/\/[^\s]+)\/graphql/.exec(stdout);
    if (match) return { child, stdout: () => stdout, stderr: () => stderr, url: match[1] };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the service did not start:\n${stdout}\n${stderr}`);
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) =>
    child.once('exit', (code) => resolve({ code, ms: Date.now() - started })),
  );
}

function postgresProcessesUnder(dir: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((line) => line.includes('postgres') && line.includes(dir));
}

describe('the service process', () => {
  let dataDir: string;

  beforeAll(() => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'observatory-process-'));
    fs.chmodSync(parent, 0o755);
    dataDir = path.join(parent, 'data');
  });

  afterAll(async () => {
    // A failed assertion must not leave a service (and its database) running.
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(
      children.filter((child) => child.exitCode === null).map((child) => exitOf(child)),
    );
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('refuses a non-numeric PORT with one line naming it', () => {
    const result = spawnSync(process.execPath, ENTRY, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: 'eighty', DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Invalid configuration: PORT must be a whole number, got "eighty"',
    ]);
  });

  it('starts on its embedded PostgreSQL, stops on SIGTERM, and reuses its data at the next start', async () => {
    const first = await start({ DATA_DIR: dataDir });
    const adminKey = /Admin API key \(shown once[^:]*\): (obs_\S+)/.exec(first.stdout())?.[1];
    expect(adminKey).toBeDefined();
    expect((await request(first.url).get('/health')).status).toBe(200);
    const typename = await request(first.url)
      .post('/graphql')
      .set('authorization', `Bearer ${adminKey}`)
      .send({ query: '{ viewer { role } }' });
    expect(typename.body).toEqual({ data: { viewer: { role: 'ADMIN' } } });
    // Logs are JSON lines and carry no credentials.
    const logLines = first
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow();
    expect(logLines.filter((line) => line.includes(adminKey!))).toEqual([]);

    const exited = exitOf(first.child);
    first.child.kill('SIGTERM');
    const { code, ms } = await exited;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10000);
    expect(postgresProcessesUnder(dataDir)).toEqual([]);

    const second = await start({ DATA_DIR: dataDir });
    try {
      expect(second.stdout()).not.toContain('shown once');
      const again = await request(second.url)
        .post('/graphql')
        .set('authorization', `Bearer ${adminKey}`)
        .send({ query: '{ viewer { role } }' });
      expect(again.body).toEqual({ data: { viewer: { role: 'ADMIN' } } });
    } finally {
      const stopped = exitOf(second.child);
      second.child.kill('SIGTERM');
      expect((await stopped).code).toBe(0);
    }
    expect(postgresProcessesUnder(dataDir)).toEqual([]);
  }, 300_000);
});
