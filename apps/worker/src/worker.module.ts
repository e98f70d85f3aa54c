import { Module } from '@nestjs/common';
import {
  AggregateStateService,
  AggregationModule,
  AggregationProcessor,
} from '../../../libs/aggregation/src';
import { ExportProcessor, ExportsModule } from '../../../libs/exports/src';
import { InstrumentsModule } from '../../../libs/instruments/src';
import {
  AnonymousMixingProcessor,
  RescrubbingProcessor,
  SubmissionsModule,
} from '../../../libs/submissions/src';
import { OutboxRelay } from '../../../libs/submissions/src/outbox-relay';

/**
 * The background work: the outbox relay and the queue processors. Imported by the worker process,
 * and by the API process in embedded mode (RUN_WORKER).
 */
@Module({
  imports: [InstrumentsModule, ExportsModule, SubmissionsModule, AggregationModule],
  providers: [
    OutboxRelay,
    AggregateStateService,
    AggregationProcessor,
    ExportProcessor,
    AnonymousMixingProcessor,
    // Scrubs stored free text again when the scrubber version changes (issue 13).
    RescrubbingProcessor,
  ],
})
export class WorkerModule {}
