import { Module } from '@nestjs/common';
import {
  AggregateStateService,
  AggregationModule,
  AggregationProcessor,
} from '@observatory/aggregation';
import { ExportProcessor, ExportsModule } from '@observatory/exports';
import { InstrumentsModule } from '@observatory/instruments';
import {
  AnonymousMixingProcessor,
  RescrubbingProcessor,
  SubmissionsModule,
} from '@observatory/submissions';
import { OutboxRelay } from '@observatory/submissions';

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
