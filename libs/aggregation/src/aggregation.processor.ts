import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueService } from '../../queue/src';
import { AGGREGATION_QUEUE } from '../../submissions/src/outbox-relay';
import { AggregateStateService, type RecomputeTarget } from './aggregate-state.service';

/** Thin: takes `recompute` jobs off the aggregation queue and hands them to the service. */
@Injectable()
export class AggregationProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly queues: QueueService,
    private readonly aggregates: AggregateStateService,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.queues.process<RecomputeTarget>(
      AGGREGATION_QUEUE,
      (job) => this.aggregates.recompute(job.data),
      2,
    );
  }
}
