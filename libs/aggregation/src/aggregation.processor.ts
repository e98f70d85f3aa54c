import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueueService } from '@observatory/queue';
import { AGGREGATION_QUEUE } from '@observatory/submissions';
import { AggregateStateService, type RecomputeTarget } from './aggregate-state.service';
import { ReleaseSchedules } from './release/release-schedules';
import { ReleaseService } from './release/release.service';

/**
 * Thin: takes jobs off the aggregation queue. `recompute`: the service refreshes the admins'
 * tables by delta or in full, then the partners' release advances if enough changed. `release`:
 * an instrument's release schedule came due.
 */
@Injectable()
export class AggregationProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(AggregationProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly aggregates: AggregateStateService,
    private readonly releases: ReleaseService,
    private readonly releaseSchedules: ReleaseSchedules,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.releaseSchedules.synchronise();
    await this.queues.process<RecomputeTarget>(
      AGGREGATION_QUEUE,
      async (job) => {
        if (job.name === 'release') {
          return (await this.releases.advance(job.data.instrumentKey, 'SCHEDULE')).advanced;
        }
        const refreshed = await this.aggregates.refresh(job.data);
        // The admins' tables are up to date whatever happens to the release: a release that
        // cannot advance now is tried again at the next job (or its schedule).
        await this.releases
          .advance(job.data.instrumentKey, 'CHANGES')
          .catch((error: Error) =>
            this.logger.warn(`release of ${job.data.instrumentKey} not advanced: ${error.name}`),
          );
        return refreshed;
      },
      2,
    );
    // Tables without a snapshot (computed before incremental aggregation, or never) are not used
    // by queries until recomputed: recompute them now rather than at their next submission. Not
    // awaited: a database or queue outage at start must not stop the worker.
    this.recomputeUnsnapshotted().catch((error: Error) =>
      this.logger.warn(`could not schedule the recompute of older aggregates: ${error.name}`),
    );
  }

  private async recomputeUnsnapshotted(): Promise<void> {
    const targets: RecomputeTarget[] = await this.dataSource.query(
      `SELECT instrument_key AS "instrumentKey", campaign_key AS "campaignKey"
         FROM aggregate_state WHERE snapshot IS NULL`,
    );
    for (const target of targets) {
      await this.queues.enqueue(AGGREGATION_QUEUE, 'recompute', target, {
        jobId: `recompute-${target.instrumentKey}-${target.campaignKey}-start-${Date.now()}`,
      });
    }
  }
}
