import { Logger } from '@nestjs/common';
import type { Job, JobsOptions, Queue, Worker } from 'bullmq';
import { QueueConnection, type QueueConnectionConfig } from './queue-connection';

/** What a processor sees of a job: enough to report progress and to know it is a retry. */
export interface QueueJob<T> {
  id: string;
  name: string;
  data: T;
  attemptsMade: number;
  /** Attempts allowed in all: a handler can tell the last try from a retry. */
  maxAttempts: number;
  updateProgress(progress: number): Promise<void>;
}

export type JobHandler<T> = (job: QueueJob<T>) => Promise<unknown>;

export interface EnqueueOptions {
  /** Deduplicates: a job with the same id that is still waiting is not added twice. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
}

export interface FailedJob {
  id: string;
  name: string;
  attemptsMade: number;
  failedReason: string;
  finishedAt: Date | null;
}

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** How long `close()` waits for the workers' active jobs, unless told otherwise. */
const DEFAULT_CLOSE_TIMEOUT_MS = 5000;
/** Cutting connections and closing producers is quick when it works at all. */
const TEARDOWN_TIMEOUT_MS = 1000;

/** The one entry point to background jobs, whatever the backend. */
export class QueueService {
  private readonly logger = new Logger(QueueService.name);
  private readonly connection: QueueConnection;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private prepared?: Promise<void>;

  constructor(
    config: QueueConnectionConfig,
    private readonly closeTimeoutMs = DEFAULT_CLOSE_TIMEOUT_MS,
  ) {
    this.connection = new QueueConnection(config);
  }

  get backend(): QueueConnectionConfig['backend'] {
    return this.connection.config.backend;
  }

  async enqueue<T extends object>(
    queueName: string,
    jobName: string,
    data: T,
    options: EnqueueOptions = {},
  ): Promise<string | undefined> {
    const queue = await this.queue(queueName);
    const job = await queue.add(jobName, data, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: options.attempts ?? DEFAULT_JOB_OPTIONS.attempts,
    });
    return job.id;
  }

  /**
   * A repeating job (cron `pattern`), kept by the backend itself: it survives worker restarts, and
   * upserting the same id again replaces it rather than adding a second one.
   */
  async schedule<T extends object>(
    queueName: string,
    schedulerId: string,
    pattern: string,
    jobName: string,
    data: T,
  ): Promise<void> {
    const queue = await this.queue(queueName);
    await queue.upsertJobScheduler(schedulerId, { pattern }, { name: jobName, data });
  }

  async unschedule(queueName: string, schedulerId: string): Promise<void> {
    const queue = await this.queue(queueName);
    await queue.removeJobScheduler(schedulerId);
  }

  async schedulers(
    queueName: string,
  ): Promise<{ id: string; pattern: string | null; next: number | null }[]> {
    const queue = await this.queue(queueName);
    const schedulers = await queue.getJobSchedulers();
    return schedulers.map((scheduler) => ({
      id: scheduler.key,
      pattern: scheduler.pattern ?? null,
      next: scheduler.next ?? null,
    }));
  }

  /** Starts consuming `queueName`; call only in processes that run the worker. */
  async process<T>(queueName: string, handler: JobHandler<T>, concurrency = 4): Promise<void> {
    await this.prepare();
    const worker = this.connection.createWorker<T, unknown>(
      queueName,
      (job: Job<T>) =>
        handler({
          id: job.id ?? '',
          name: job.name,
          data: job.data,
          attemptsMade: job.attemptsMade,
          maxAttempts: job.opts.attempts ?? 1,
          updateProgress: (progress) => job.updateProgress(progress),
        }),
      concurrency,
    );
    // Failures are recorded on the job (visible to admins); the worker itself must not crash.
    worker.on('error', () => undefined);
    this.workers.push(worker);
  }

  async counts(queueName: string): Promise<Record<string, number>> {
    const queue = await this.queue(queueName);
    return queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
  }

  async failedJobs(queueName: string, limit = 50): Promise<FailedJob[]> {
    const queue = await this.queue(queueName);
    const jobs = await queue.getFailed(0, limit - 1);
    return jobs.map((job) => ({
      id: job.id ?? '',
      name: job.name,
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason ?? '',
      finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    }));
  }

  ping(): Promise<void> {
    return this.connection.ping();
  }

  /**
   * Workers first (they finish their active jobs within `closeTimeoutMs`), then queues. A worker
   * still busy then (a stuck job, or a BullMQ close that never settles after a Redis outage,
   * taskforcesh/bullmq#4656) has its connections cut: its jobs go back to the queue when their locks
   * expire, and a shutdown never hangs on it.
   */
  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    const closing = workers.map((worker) => settled(worker.close()));
    if (!(await within(Promise.all(closing), this.closeTimeoutMs))) {
      this.logger.warn(
        `queue workers still busy after ${this.closeTimeoutMs} ms: disconnecting them; their active jobs will be retried`,
      );
      await within(
        Promise.all(workers.map((worker) => settled(worker.disconnect()))),
        TEARDOWN_TIMEOUT_MS,
      );
    }
    const queues = [...this.queues.values()];
    this.queues.clear();
    await within(Promise.all(queues.map((queue) => settled(queue.close()))), TEARDOWN_TIMEOUT_MS);
    await this.connection.close();
  }

  private async queue(name: string): Promise<Queue> {
    await this.prepare();
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.connection.createQueue(name, DEFAULT_JOB_OPTIONS);
      // Outages reach callers as rejected calls and /health as "down"; not as console noise.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  prepare(): Promise<void> {
    this.prepared ??= this.connection.prepare().catch((error: unknown) => {
      this.prepared = undefined;
      throw error;
    });
    return this.prepared;
  }
}

function settled(work: Promise<unknown>): Promise<void> {
  return work.then(
    () => undefined,
    () => undefined,
  );
}

/** True when `work` settles within `ms`. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
