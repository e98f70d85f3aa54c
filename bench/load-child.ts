/** The load generator process (see load.ts): one autocannon run, its figures sent back over IPC. */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import type { LoadOptions, LoadResult } from './load';

process.once('message', (message) => {
  run(message as LoadOptions).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});

async function run(options: LoadOptions): Promise<LoadResult> {
  const prefix = options.idPrefix ?? randomBytes(4).toString('hex');
  const pairs = options.pairs ?? 1;
  let counter = 0;
  let graphqlErrors = 0;
  let accepted = 0;
  let rejected = 0;
  let sampleReply: string | undefined;
  let sampleError: string | undefined;

  const request: autocannon.Request = {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body ?? options.template,
    onResponse: (status: number, body: string) => {
      sampleReply ??= `${status} ${body.slice(0, 500)}`;
      if (body.includes('"SubmissionAccepted"')) accepted += 1;
      else if (body.includes('"SubmissionRejected"')) rejected += 1;
      // A GraphQL error list starts with a message; SubmissionRejected's list starts with a path.
      if (status >= 300 || body.includes('"errors":[{"message"')) {
        graphqlErrors += 1;
        sampleError ??= `${status} ${body.slice(0, 500)}`;
      }
    },
  };
  const template = options.template;
  if (template !== undefined) {
    request.setupRequest = (req) => {
      counter += 1;
      const n = String((counter % pairs) + 1).padStart(2, '0');
      req.body = template
        .replace('__CID__', `${prefix}-${counter}`)
        .replace('__PAIR__', `M${n}+P${n}`)
        .replace('__MEDIATOR__', `M${n}`);
      return req;
    };
  }
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    ...(options.timeoutSeconds ? { timeout: options.timeoutSeconds } : {}),
    requests: [request],
  });
  return {
    duration: result.duration,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    latencyMean: result.latency.average,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    graphqlErrors,
    accepted,
    rejected,
    sampleReply,
    sampleError,
  };
}
