import { Module } from '@nestjs/common';
import { AggregationModule } from '@observatory/aggregation';
import { AuditModule } from '@observatory/audit';
import { ExportsModule } from '@observatory/exports';
import { PartnersModule } from '@observatory/partners';
import { PartnerResolver } from './partner.resolver';
import { ReleaseResolver } from './release.resolver';

/** Partners, their agreements, aggregates under disclosure control, releases and the audit log. */
@Module({
  imports: [PartnersModule, AggregationModule, AuditModule, ExportsModule],
  providers: [PartnerResolver, ReleaseResolver],
})
export class PartnersApiModule {}
