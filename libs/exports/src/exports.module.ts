import { Module } from '@nestjs/common';
import { AggregationModule } from '@observatory/aggregation';
import { InstrumentsModule } from '@observatory/instruments';
import { PartnersModule } from '@observatory/partners';
import { ExportDelivery } from './export-delivery';
import { ExportRunner } from './export-runner';
import { ExportSchedules } from './export-schedules';
import { ExportService } from './export.service';

/** Export requests (API side). The runner, delivery and schedules are used by the worker. */
@Module({
  imports: [InstrumentsModule, PartnersModule, AggregationModule],
  providers: [ExportService, ExportRunner, ExportDelivery, ExportSchedules],
  exports: [ExportService, ExportRunner, ExportDelivery, ExportSchedules],
})
export class ExportsModule {}
