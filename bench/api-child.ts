/**
 * The API under test, in a process of its own (see api-process.ts): `startApi` of the checkout
 * named by BENCH_API_ROOT (this one, or the baseline's worktree), the way `npm start` runs it
 * with an external database, under whichever Node binary started this file. Everything it runs is
 * required from that root, after that root's own ts-register (given with `-r`): nothing of the
 * current checkout is mixed into a baseline's process. It answers `cpu` with its own
 * process.cpuUsage(), `profile-start` / `profile-stop` by sampling its own CPU (V8's profiler,
 * the one `--cpu-prof` uses, but over one load run only: not the start-up) into a .cpuprofile
 * file, and `stop` by closing the API and exiting.
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import * as path from 'node:path';

type StartApi = (config: unknown) => Promise<{ url: string; stop(): Promise<void> }>;

const root = process.env.BENCH_API_ROOT;

async function main(): Promise<void> {
  if (!root || !process.send) throw new Error('api-child: run by bench/api-process.ts');
  /* eslint-disable @typescript-eslint/no-require-imports -- modules of another checkout, by path */
  const { loadAppConfig } = require(path.join(root, 'libs/config/src')) as {
    loadAppConfig(env: NodeJS.ProcessEnv): unknown;
  };
  const { startApi } = require(path.join(root, 'apps/api/src/bootstrap')) as {
    startApi: StartApi;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const api = await startApi(loadAppConfig(process.env));
  const profiler = new Session();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      profiler.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  const reply = (message: Record<string, unknown>) => process.send!(message);
  process.on('message', (message: { type?: string; file?: string }) => {
    if (message.type === 'cpu') {
      reply({ type: 'cpu', usage: process.cpuUsage() });
    } else if (message.type === 'profile-start') {
      profiler.connect();
      void post('Profiler.enable')
        .then(() => post('Profiler.start'))
        .then(() => reply({ type: 'profile-start' }));
    } else if (message.type === 'profile-stop') {
      void post('Profiler.stop').then((result) => {
        fs.writeFileSync(message.file!, JSON.stringify((result as { profile: unknown }).profile));
        profiler.disconnect();
        reply({ type: 'profile-stop', file: message.file });
      });
    } else if (message.type === 'stop') {
      void api
        .stop()
        .catch(() => undefined)
        .finally(() => process.exit(0));
    }
  });
  process.send({ type: 'ready', url: api.url, node: process.version });
}

main().catch((error: unknown) => {
  console.error('api-child:', error);
  process.exit(1);
});
