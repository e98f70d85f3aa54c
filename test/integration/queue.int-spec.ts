import { QueueService, type QueueBackendName } from '@observatory/queue';
import { createTestDatabase, testRedisUrl } from '../support/test-database';

const backends: { backend: QueueBackendName; url: () => Promise<string> }[] = [
  { backend: 'postgres', url: () => createTestDatabase('queue') },
];
const redisUrl = testRedisUrl();
if (redisUrl) backends.push({ backend: 'redis', url: async () => redisUrl });

describe.each(backends)('QueueService on the $backend backend', ({ backend, url }) => {
  let queues: QueueService;
  let backendUrl: string;

  beforeAll(async () => {
    backendUrl = await url();
    queues = new QueueService({ backend, url: backendUrl, namespace: `test_${Date.now()}` });
  });

  afterAll(() => queues.close());

  it('answers a ping once prepared', async () => {
    await queues.counts('ping');
    await expect(queues.ping()).resolves.toBeUndefined();
  });

  it('runs an enqueued job with its data', async () => {
    const seen = new Promise<number>((resolve) =>
      queues.process<{ n: number }>('echo', async (job) => {
        resolve(job.data.n);
      }),
    );
    await queues.enqueue('echo', 'echo', { n: 42 });
    await expect(seen).resolves.toBe(42);
  });

  it('keeps one job for one job id while it waits', async () => {
    await queues.enqueue('dedup', 'x', { n: 1 }, { jobId: 'same', delayMs: 60000 });
    await queues.enqueue('dedup', 'x', { n: 2 }, { jobId: 'same', delayMs: 60000 });
    expect((await queues.counts('dedup')).delayed).toBe(1);
  });

  it('retries a failing job, then leaves it failed and visible', async () => {
    let attempts = 0;
    await queues.process('poison', async () => {
      attempts += 1;
      throw new Error('always fails');
    });
    await queues.enqueue('poison', 'poison', {}, { attempts: 2 });
    for (let i = 0; i < 100 && (await queues.counts('poison')).failed === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const failed = await queues.failedJobs('poison');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      name: 'poison',
      attemptsMade: 2,
      failedReason: 'always fails',
    });
    expect(attempts).toBe(2);
  });

  it('closes within its time limit while a job never finishes; the job is retried elsewhere', async () => {
    const namespace = `stuck_${Date.now()}`;
    const stuck = new QueueService({ backend, url: backendUrl, namespace, lockMs: 2000 }, 300);
    let started!: () => void;
    let release!: () => void;
    const active = new Promise<void>((resolve) => (started = resolve));
    const stuckUntilReleased = new Promise<void>((resolve) => (release = resolve));
    await stuck.process('stuck', () => {
      started();
      return stuckUntilReleased;
    });
    await stuck.enqueue('stuck', 'stuck', {});
    await active;

    await expect(settlesWithin(stuck.close(), 15000)).resolves.toBe(true);

    // Its lock expires and another worker takes the job up.
    const other = new QueueService({ backend, url: backendUrl, namespace, lockMs: 2000 });
    try {
      const retried = new Promise<void>((resolve) => other.process('stuck', async () => resolve()));
      await expect(settlesWithin(retried, 30000)).resolves.toBe(true);
    } finally {
      await other.close();
      // Lets the abandoned worker wind down, so nothing of it outlives the test.
      release();
    }
  });
});

/** True when `work` settles within `ms` (a liveness check, not a measurement). */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
