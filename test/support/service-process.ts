/**
 * The service's real entry points in child processes (TypeScript run through ts-register, so no
 * build is needed), with their output kept, for tests of what an operator sees: start, failed
 * start, signals, several processes side by side.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { freePort, waitForPort } from './test-services';

export { freePort };

export const ROOT = path.resolve(__dirname, '../..');
export const API_ENTRY = 'apps/api/main.ts';
export const WORKER_ENTRY = 'apps/worker/main.ts';

export interface ServiceProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts an entry point with only the given variables (and PATH/HOME) in its environment. */
export function spawnService(entry: string, env: NodeJS.ProcessEnv): ServiceProcess {
  const child = spawn(
    process.execPath,
    ['-r', path.join(ROOT, 'test/support/ts-register.js'), path.join(ROOT, entry)],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits for the API's banner and returns its base URL; fails with the output if it never comes. */
export async function apiUrl(service: ServiceProcess, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /Observatory API is up: (http:\/\/\S+)\/graphql/.exec(service.stdout());
    if (match) return match[1];
    if (service.child.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error(`the API did not start:\n${service.stdout()}\n${service.stderr()}`);
}

/** Waits until a line of the JSON log says `message`. */
export async function logged(
  service: ServiceProcess,
  message: string,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (jsonLines(service.stdout()).some((line) => line.msg === message)) return;
    if (service.child.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error(`"${message}" was never logged:\n${service.stdout()}\n${service.stderr()}`);
}

export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Ends a process that is still running (SIGKILL) and waits for it. */
export async function killed(service: ServiceProcess | undefined): Promise<void> {
  if (!service || service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill('SIGKILL');
  await service.exited;
}

/** PostgreSQL server processes whose command line names `dir` (the embedded server's cluster). */
export function postgresProcessesUnder(dir: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((line) => line.includes('postgres') && line.includes(dir));
}

/** A TCP server that accepts connections and never answers: a database or Redis that hangs. */
export async function blackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** A redis-server of its own (on a free port unless told), without persistence. */
export async function startRedisServer(
  port?: number,
): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const listening = port ?? (await freePort());
  const child = spawn(
    'redis-server',
    ['--port', String(listening), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitForPort(listening);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${listening}`,
    port: listening,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
