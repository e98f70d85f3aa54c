/**
 * HTTP load with autocannon, run in a child process: in the benchmark's own process it would share
 * the event loop with the server under test and slow both. Floors and scenarios go through the
 * same harness, so their ratio is fair.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  headers: Record<string, string>;
  /** The JSON body, the same for every request… */
  body?: string;
  /**
   * …or a template whose `__CID__` becomes a unique id per request, and `__PAIR__` / `__MEDIATOR__`
   * one of `pairs` in turn (a pair code `M07+P07` and its mediator `M07`).
   */
  template?: string;
  pairs?: number;
  idPrefix?: string;
  /** A reply slower than this counts as a timeout (autocannon's default: 10 s). */
  timeoutSeconds?: number;
}

export interface LoadResult {
  duration: number;
  requests: number;
  /** autocannon's requests.average: replies per second, averaged over 1 s samples. */
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  latencyMean: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Replies whose body carries GraphQL `errors`. */
  graphqlErrors: number;
  /** Replies naming SubmissionAccepted / SubmissionRejected (submit only). */
  accepted: number;
  rejected: number;
  /** The first reply, and the first one with an error, cut to 500 characters. */
  sampleReply?: string;
  sampleError?: string;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-child.ts'), [], {
      execArgv: ['-r', path.join(__dirname, '..', 'test', 'support', 'ts-register.js')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: LoadResult | undefined;
    child.on('message', (message) => {
      result = message as LoadResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the load generator exited with code ${code} and no result`));
    });
    child.send(options);
  });
}
