import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueService } from '@observatory/queue';
import { AnonymousMixer } from './anonymous-mixer.service';

export const MIXING_QUEUE = 'anonymous-mixing';
export const MIXING_SCHEDULER = 'anonymous-mixing';
/**
 * Every 15 seconds (a cron pattern with seconds): a pass is a few index lookups when nothing is
 * due. Runs on a clock of its own, never because an answer came in, so the times of the jobs say
 * nothing of the answers.
 */
export const MIXING_PATTERN = '*/15 * * * * *';

/** Thin: a repeating job, kept by the queue backend, that runs one mixing pass. */
@Injectable()
export class AnonymousMixingProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly queues: QueueService,
    private readonly mixer: AnonymousMixer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // One at a time per worker; workers side by side are serialised by the pools' locks.
    await this.queues.process(MIXING_QUEUE, () => this.mixer.mixDue(), 1);
    await this.queues.schedule(MIXING_QUEUE, MIXING_SCHEDULER, MIXING_PATTERN, 'mix', {});
  }
}
