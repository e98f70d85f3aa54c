import { Module } from '@nestjs/common';
import { AuditModule } from '@observatory/audit';
import { InstrumentsModule } from '@observatory/instruments';
import { PartnersModule } from '@observatory/partners';
import { AggregateQueryService } from './aggregate-query.service';
import { PopulationMemory } from './release/population-memory.service';
import { ReleaseCache } from './release/release-cache';
import { ReleaseQueryService } from './release/release-query.service';
import { ReleaseSchedules } from './release/release-schedules';
import { ReleaseService } from './release/release.service';

@Module({
  imports: [InstrumentsModule, PartnersModule, AuditModule],
  providers: [
    AggregateQueryService,
    ReleaseService,
    ReleaseCache,
    PopulationMemory,
    ReleaseQueryService,
    ReleaseSchedules,
  ],
  exports: [AggregateQueryService, ReleaseService, ReleaseSchedules],
})
export class AggregationModule {}
