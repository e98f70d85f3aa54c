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

/** The one entry point to background jobs, whatever the backend. */
export class QueueService {
  private readonly connection: QueueConnection;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private prepared?: Promise<void>;

  constructor(config: QueueConnectionConfig) {
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

  /** Workers first (they finish or hand back their active jobs), then queues. */
  async close(): Promise<void> {
    await Promise.allSettled(this.workers.splice(0).map((worker) => worker.close()));
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
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
