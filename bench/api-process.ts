/**
 * Starts the API in a child process (api-child.ts) under a given Node binary, from a given
 * checkout, on a database of its own: so that its CPU time is its own (not the benchmark's), so
 * that each supported Node version runs the same code, and so that a baseline commit runs beside
 * the current one. `cpuMs()` asks the child for its process.cpuUsage() (user + system, ms).
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ApiProcessOptions {
  /** A checkout of this repository (the current one, or a baseline worktree). */
  root: string;
  /** The Node binary that runs the API. */
  node: string;
  /** Its environment (benchEnv + RUN_WORKER): the database is its own. */
  env: NodeJS.ProcessEnv;
}

export interface ApiProcess {
  url: string;
  /** process.version of the child. */
  node: string;
  pid: number;
  /** The child's CPU time so far (user + system), in ms. */
  cpuMs(): Promise<number>;
  /** Samples the child's CPU while `work` runs; writes the V8 .cpuprofile to `file`. */
  profile<T>(file: string, work: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;

export async function startApiProcess(options: ApiProcessOptions): Promise<ApiProcess> {
  const register = path.join(options.root, 'test', 'support', 'ts-register.js');
  if (!fs.existsSync(register)) throw new Error(`bench: no ${register}`);
  const child = fork(path.join(__dirname, 'api-child.ts'), [], {
    cwd: options.root,
    execPath: options.node,
    execArgv: ['-r', register],
    env: { ...options.env, PORT: '0', HOST: '127.0.0.1', BENCH_API_ROOT: options.root },
    // The start-up banner goes nowhere; errors stay visible.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; node: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('bench: the API process did not start in time'));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`bench: the API process exited with code ${code} before it was ready`));
    };
    child.once('exit', onExit);
    child.on('message', function onReady(message: { type?: string; url?: string; node?: string }) {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('message', onReady);
      resolve({ url: message.url!, node: message.node! });
    });
  });
  return {
    url: ready.url,
    node: ready.node,
    pid: child.pid!,
    async cpuMs() {
      const { usage } = await ask<{ usage: NodeJS.CpuUsage }>(child, { type: 'cpu' });
      return (usage.user + usage.system) / 1000;
    },
    async profile(file, work) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await ask(child, { type: 'profile-start' });
      try {
        return await work();
      } finally {
        await ask(child, { type: 'profile-stop', file });
      }
    },
    stop: () => stopChild(child),
  };
}

/** Sends one message to the child and waits for its reply of the same type. */
function ask<T>(child: ChildProcess, message: { type: string; file?: string }): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (answer: { type?: string }) => {
      if (answer.type !== message.type) return;
      child.off('message', onMessage);
      resolve(answer as T);
    };
    child.on('message', onMessage);
    if (!child.send(message)) reject(new Error('bench: the API process is gone'));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ type: 'stop' });
  });
}
