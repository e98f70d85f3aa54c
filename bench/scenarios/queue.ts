/**
 * Queue: no-op jobs through `QueueService` (enqueue one at a time, 50 in flight; then a worker of
 * concurrency 50 drains them) on both BullMQ backends, each on a queue of its own. Floor: the same
 * through BullMQ's own Queue and Worker, with no service in between (and removeOnComplete: true).
 */
import { createPostgresBackend, Queue, runMigrations, withBackend, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { QueueService } from '@observatory/queue';
import {
  ratioOf,
  round,
  timed,
  type BenchContext,
  type Figure,
  type ScenarioResult,
} from '../figures';

const CONCURRENCY = 50;
const JOBS = { postgres: 5_000, redis: 20_000 } as const;

interface Pipe {
  enqueue(i: number): Promise<unknown>;
  /** Starts consuming; `onJob` is called once per job processed. */
  consume(onJob: () => void): Promise<void>;
  close(): Promise<void>;
}

async function inFlight(count: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

/** Enqueue `jobs`, then consume them; times of both phases. */
async function measure(pipe: Pipe, jobs: number): Promise<{ enqueueMs: number; drainMs: number }> {
  try {
    const enqueued = await timed(() => inFlight(jobs, (i) => pipe.enqueue(i)));
    const drained = await timed(
      () =>
        new Promise<void>((resolve, reject) => {
          let done = 0;
          const timer = setTimeout(
            () => reject(new Error(`bench: only ${done} of ${jobs} jobs ran in 120 s`)),
            120_000,
          );
          pipe
            .consume(() => {
              done += 1;
              if (done === jobs) {
                clearTimeout(timer);
                resolve();
              }
            })
            .catch(reject);
        }),
    );
    return { enqueueMs: enqueued.ms, drainMs: drained.ms };
  } finally {
    await pipe.close();
  }
}

function servicePipe(service: QueueService, name: string): Pipe {
  return {
    enqueue: (i) => service.enqueue(name, 'noop', { i }),
    consume: (onJob) =>
      service.process(
        name,
        async () => {
          onJob();
        },
        CONCURRENCY,
      ),
    close: () => service.close(),
  };
}

async function rawPipe(
  backend: 'postgres' | 'redis',
  url: string,
  namespace: string,
  name: string,
): Promise<Pipe> {
  const workers: Worker[] = [];
  const clients: IORedis[] = [];
  let queue: Queue;
  let makeWorker: (processor: () => Promise<void>) => Worker;
  if (backend === 'postgres') {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await runMigrations(client, namespace);
    } finally {
      await client.end();
    }
    const pg = withBackend(createPostgresBackend);
    const connection = () => ({ connectionString: url, schema: namespace, max: 4 });
    queue = new pg.Queue(name, {
      connection: connection(),
      defaultJobOptions: { removeOnComplete: true },
    }) as unknown as Queue;
    makeWorker = (processor) =>
      new pg.Worker(name, processor, {
        connection: connection(),
        concurrency: CONCURRENCY,
      }) as unknown as Worker;
  } else {
    const redis = (role: 'producer' | 'worker') => {
      const client = new IORedis(url, { maxRetriesPerRequest: role === 'worker' ? null : 1 });
      clients.push(client);
      return client;
    };
    queue = new Queue(name, {
      connection: redis('producer'),
      prefix: `{${namespace}}`,
      defaultJobOptions: { removeOnComplete: true },
    });
    makeWorker = (processor) =>
      new Worker(name, processor, {
        connection: redis('worker'),
        prefix: `{${namespace}}`,
        concurrency: CONCURRENCY,
      });
  }
  return {
    enqueue: (i) => queue.add('noop', { i }),
    async consume(onJob) {
      const worker = makeWorker(async () => {
        onJob();
      });
      worker.on('error', () => undefined);
      workers.push(worker);
    },
    async close() {
      await Promise.allSettled(workers.map((worker) => worker.close()));
      await queue.close();
      for (const client of clients) client.disconnect();
    },
  };
}

export async function queue(ctx: BenchContext): Promise<ScenarioResult> {
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const skipped: string[] = [];
  const backends: { backend: 'postgres' | 'redis'; url?: string }[] = [
    { backend: 'postgres', url: ctx.stack.databaseUrl },
    { backend: 'redis', url: ctx.stack.redisUrl },
  ];
  for (const { backend, url } of backends) {
    if (!url) {
      skipped.push(`queue on Redis: no redis-server on the PATH and REDIS_URL unset`);
      continue;
    }
    const jobs = JOBS[backend];
    const raw = await measure(await rawPipe(backend, url, 'bench_queue_raw', 'bench-raw'), jobs);
    const service = await measure(
      servicePipe(
        new QueueService({ backend, url, namespace: 'bench_queue_service' }),
        'bench-svc',
      ),
      jobs,
    );
    details[backend] = { jobs, raw, service };
    const rate = (ms: number) => jobs / (ms / 1000);
    ctx.log(
      `queue ${backend}: ${jobs} jobs; enqueue ${round(rate(service.enqueueMs))}/s (raw ${round(rate(raw.enqueueMs))}/s), processed ${round(rate(service.drainMs))}/s (raw ${round(rate(raw.drainMs))}/s)`,
    );
    figures.push(
      {
        scenario: 'queue',
        figure: `${backend}: enqueue via QueueService (${CONCURRENCY} in flight)`,
        value: round(rate(service.enqueueMs)),
        unit: 'jobs/s',
        floor: round(rate(raw.enqueueMs)),
        floorLabel: 'BullMQ Queue.add',
        ratio: ratioOf(raw.enqueueMs, service.enqueueMs),
        note: `${jobs} jobs`,
      },
      {
        scenario: 'queue',
        figure: `${backend}: no-op jobs processed via QueueService (concurrency ${CONCURRENCY})`,
        value: round(rate(service.drainMs)),
        unit: 'jobs/s',
        floor: round(rate(raw.drainMs)),
        floorLabel: 'BullMQ Worker',
        ratio: ratioOf(raw.drainMs, service.drainMs),
        note: `${jobs} jobs`,
      },
    );
  }
  return { figures, details, skipped };
}
