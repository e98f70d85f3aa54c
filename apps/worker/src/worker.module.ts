import { Module } from '@nestjs/common';
import { AggregateStateService, AggregationProcessor } from '../../../libs/aggregation/src';
import { ExportProcessor, ExportsModule } from '../../../libs/exports/src';
import { InstrumentsModule } from '../../../libs/instruments/src';
import { RescrubbingProcessor, SubmissionsModule } from '../../../libs/submissions/src';
import { OutboxRelay } from '../../../libs/submissions/src/outbox-relay';

/**
 * The background work: the outbox relay and the queue processors. Imported by the worker process,
 * and by the API process in embedded mode (RUN_WORKER).
 */
@Module({
  imports: [InstrumentsModule, ExportsModule, SubmissionsModule],
  providers: [
    OutboxRelay,
    AggregateStateService,
    AggregationProcessor,
    ExportProcessor,
    // Scrubs stored free text again when the scrubber version changes (issue 13).
    RescrubbingProcessor,
  ],
})
export class WorkerModule {}
