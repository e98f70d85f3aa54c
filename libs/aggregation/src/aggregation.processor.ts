import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueueService } from '../../queue/src';
import { AGGREGATION_QUEUE } from '../../submissions/src/outbox-relay';
import { AggregateStateService, type RecomputeTarget } from './aggregate-state.service';

/** Thin: takes `recompute` jobs off the aggregation queue; the service refreshes by delta or in full. */
@Injectable()
export class AggregationProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(AggregationProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly aggregates: AggregateStateService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.process<RecomputeTarget>(
      AGGREGATION_QUEUE,
      (job) => this.aggregates.refresh(job.data),
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
