import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/src';
import { InstrumentsModule } from '../../instruments/src';
import { PartnersModule } from '../../partners/src';
import { AggregateQueryService } from './aggregate-query.service';

@Module({
  imports: [InstrumentsModule, PartnersModule, AuditModule],
  providers: [AggregateQueryService],
  exports: [AggregateQueryService],
})
export class AggregationModule {}
