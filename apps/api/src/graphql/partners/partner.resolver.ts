import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AggregateQueryService } from '@observatory/aggregation';
import { AuditService } from '@observatory/audit';
import { ExportSchedules } from '@observatory/exports';
import { Allow, CurrentPrincipal, type Principal } from '@observatory/auth';
import type { PartnerEntity } from '@observatory/persistence';
import { PartnerService } from '@observatory/partners';
import {
  AggregateInput,
  AggregateResultType,
  AuditEventType,
  CreatePartnerInput,
  DeliveryMode,
  PartnerType,
  type AgreementLevel,
} from './partner.types';

@Resolver()
export class PartnerResolver {
  constructor(
    private readonly partnerService: PartnerService,
    private readonly aggregates: AggregateQueryService,
    private readonly audit: AuditService,
    private readonly schedules: ExportSchedules,
  ) {}

  @Mutation(() => PartnerType)
  @Allow('ADMIN')
  async createPartner(@Args('input') input: CreatePartnerInput): Promise<PartnerType> {
    const partner = await this.partnerService.create({
      ...input,
      delivery: input.delivery
        ? { ...input.delivery, verbatims: input.delivery.verbatims ?? false }
        : null,
    });
    // A schedule in the agreement takes effect now, not at the next worker start.
    if (partner.delivery.schedule) await this.schedules.synchronise();
    return toPartner(partner);
  }

  @Query(() => [PartnerType])
  @Allow('ADMIN')
  async partners(): Promise<PartnerType[]> {
    return (await this.partnerService.list()).map(toPartner);
  }

  @Query(() => PartnerType, { description: 'A partner key sees its own agreement; an admin any' })
  @Allow('ADMIN', 'PARTNER')
  async partner(
    @Args('key', { type: () => String, nullable: true }) key: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PartnerType> {
    if (principal.role === 'PARTNER')
      return toPartner(await this.partnerService.agreementOf(principal));
    return toPartner(await this.partnerService.find(key ?? ''));
  }

  @Query(() => AggregateResultType, { description: 'Counts or summaries under disclosure control' })
  @Allow('ADMIN', 'PARTNER')
  aggregate(
    @Args('input') input: AggregateInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AggregateResultType> {
    return this.aggregates.aggregate(principal, input);
  }

  @Query(() => [AuditEventType], {
    description: 'Partner queries and admin reads of microdata, newest first',
  })
  @Allow('ADMIN')
  auditEvents(
    @Args('partnerKey', { type: () => String, nullable: true }) partnerKey?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ): Promise<AuditEventType[]> {
    return this.audit.list({ partnerKey, first });
  }
}

function toPartner(partner: PartnerEntity): PartnerType {
  return {
    key: partner.key,
    name: partner.name,
    level: partner.level as AgreementLevel,
    k: partner.k,
    quantileMinimum: partner.quantileMinimum,
    instrumentKeys: partner.instrumentKeys,
    campaignKeys: partner.campaignKeys,
    delivery: {
      mode: partner.delivery.mode as DeliveryMode,
      endpoint: partner.delivery.endpoint ?? null,
      schedule: partner.delivery.schedule ?? null,
      verbatims: partner.delivery.verbatims ?? false,
    },
    createdAt: partner.createdAt,
  };
}
