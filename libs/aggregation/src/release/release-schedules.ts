import { Injectable } from '@nestjs/common';
import { QueueService } from '@observatory/queue';
import { AGGREGATION_QUEUE } from '@observatory/submissions';
import { ReleaseService } from './release.service';

const PREFIX = 'release-';

/**
 * The release schedules admins set (release_policy.schedule) as repeating jobs of the aggregation
 * queue, kept by the queue backend: at each time, the instrument's release advances if enough
 * changed since the last one.
 */
@Injectable()
export class ReleaseSchedules {
  constructor(
    private readonly queues: QueueService,
    private readonly releases: ReleaseService,
  ) {}

  /** Makes the backend's schedulers match the policies. */
  async synchronise(): Promise<void> {
    const wanted = new Set<string>();
    for (const { instrumentKey, schedule } of await this.releases.schedules()) {
      const id = `${PREFIX}${instrumentKey}`;
      wanted.add(id);
      await this.queues.schedule(AGGREGATION_QUEUE, id, schedule, 'release', { instrumentKey });
    }
    for (const scheduler of await this.queues.schedulers(AGGREGATION_QUEUE)) {
      if (scheduler.id.startsWith(PREFIX) && !wanted.has(scheduler.id)) {
        await this.queues.unschedule(AGGREGATION_QUEUE, scheduler.id);
      }
    }
  }
}
