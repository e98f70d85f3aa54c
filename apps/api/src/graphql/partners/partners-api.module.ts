import { Module } from '@nestjs/common';
import { AggregationModule } from '../../../../../libs/aggregation/src';
import { AuditModule } from '../../../../../libs/audit/src';
import { ExportsModule } from '../../../../../libs/exports/src';
import { PartnersModule } from '../../../../../libs/partners/src';
import { PartnerResolver } from './partner.resolver';
import { ReleaseResolver } from './release.resolver';

/** Partners, their agreements, aggregates under disclosure control, releases and the audit log. */
@Module({
  imports: [PartnersModule, AggregationModule, AuditModule, ExportsModule],
  providers: [PartnerResolver, ReleaseResolver],
})
export class PartnersApiModule {}
