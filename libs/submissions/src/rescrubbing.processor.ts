import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueService } from '@observatory/queue';
import { RESCRUBBING_QUEUE, RescrubbingService } from './rescrubbing.service';

/**
 * Thin: takes re-scrubbing jobs off their queue, and at start-up, when stored text was scrubbed by
 * an older scrubber version, starts a run (the version changed with this deployment).
 */
@Injectable()
export class RescrubbingProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(RescrubbingProcessor.name);

  constructor(
    private readonly queues: QueueService,
    private readonly rescrubbing: RescrubbingService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.process<{ version: number }>(
      RESCRUBBING_QUEUE,
      async (job) => {
        try {
          await this.rescrubbing.run((share) => job.updateProgress(share));
        } catch (error) {
          await this.rescrubbing.fail(error, job.attemptsMade + 1 >= job.maxAttempts);
          throw error;
        }
      },
      1,
    );
    const status = await this.rescrubbing.start();
    if (status.pending > 0) {
      this.logger.log(
        { version: status.version, pending: status.pending },
        'stored free text scrubbed by an older scrubber: re-scrubbing started',
      );
    }
  }
}
