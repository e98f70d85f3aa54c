import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueService } from '@observatory/queue';
import { DELIVERY_QUEUE, ExportDelivery } from './export-delivery';
import { ExportRunner } from './export-runner';
import { ExportSchedules } from './export-schedules';
import { EXPORT_QUEUE, type ExportJobData } from './export.service';

interface ScheduledData {
  partnerKey?: string;
}

/** Thin: takes export, delivery, schedule and retention jobs off the queues. */
@Injectable()
export class ExportProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly queues: QueueService,
    private readonly runner: ExportRunner,
    private readonly delivery: ExportDelivery,
    private readonly schedules: ExportSchedules,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.synchronise();
    await this.queues.process<ExportJobData & ScheduledData>(
      EXPORT_QUEUE,
      async (job) => {
        if (job.name === 'retention') return this.schedules.purgeExpired();
        if (job.name === 'scheduled') return this.schedules.runScheduled(job.data.partnerKey ?? '');
        try {
          const done = await this.runner.run(job.data.exportId);
          if (done?.delivery.mode === 'PUSH' && done.status === 'COMPLETED') {
            await this.queues.enqueue(
              DELIVERY_QUEUE,
              'push',
              { exportId: done.id },
              { jobId: `push-${done.id}`, attempts: 5 },
            );
          }
          return done?.id;
        } catch (error) {
          await this.runner.fail(job.data.exportId, error, job.attemptsMade + 1 >= job.maxAttempts);
          throw error;
        }
      },
      1,
    );
    await this.queues.process<ExportJobData>(DELIVERY_QUEUE, async (job) => {
      try {
        await this.delivery.deliver(job.data.exportId);
      } catch (error) {
        await this.delivery.markFailed(
          job.data.exportId,
          error,
          job.attemptsMade + 1 >= job.maxAttempts,
        );
        throw error;
      }
    });
  }
}
