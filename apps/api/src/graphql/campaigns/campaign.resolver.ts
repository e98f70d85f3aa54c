import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@observatory/auth';
import { CampaignService, phaseIsOpen, type PairView } from '@observatory/campaigns';
import type {
  CampaignEntity,
  CampaignPhaseEntity,
  ParticipantEntity,
} from '@observatory/persistence';
import {
  CampaignPhaseType,
  CampaignType,
  CreateCampaignInput,
  PairType,
  ParticipantInput,
  ParticipantType,
  ProgressEntryType,
} from './campaign.types';

/**
 * Campaigns over GraphQL. Reading: ADMIN keys see every campaign, COLLECTOR keys the campaigns of
 * their scope (with participants and pairs, whose codes they submit with, but not progress),
 * PARTNER keys none (FORBIDDEN). Writing: ADMIN only.
 */
@Resolver(() => CampaignType)
export class CampaignResolver {
  constructor(private readonly service: CampaignService) {}

  @Query(() => [CampaignType], { description: 'The campaigns the calling key may see, by key' })
  @Allow('ADMIN', 'COLLECTOR', 'PARTNER')
  async campaigns(@CurrentPrincipal() principal: Principal): Promise<CampaignType[]> {
    return (await this.service.listFor(principal)).map(toCampaignType);
  }

  @Query(() => CampaignType, {
    nullable: true,
    description: 'Null when unknown or outside a COLLECTOR key’s campaigns',
  })
  @Allow('ADMIN', 'COLLECTOR', 'PARTNER')
  async campaign(
    @CurrentPrincipal() principal: Principal,
    @Args('key') key: string,
  ): Promise<CampaignType | null> {
    const campaign = await this.service.findFor(principal, key);
    return campaign ? toCampaignType(campaign) : null;
  }

  @ResolveField(() => [CampaignPhaseType], { description: 'In order' })
  async phases(@Parent() campaign: CampaignType): Promise<CampaignPhaseType[]> {
    const now = new Date();
    return (await this.service.phases(campaign.key)).map((phase) => toPhaseType(phase, now));
  }

  @ResolveField(() => [ParticipantType], { description: 'By code' })
  async participants(@Parent() campaign: CampaignType): Promise<ParticipantType[]> {
    return (await this.service.participants(campaign.key)).map(toParticipantType);
  }

  @ResolveField(() => [PairType], { description: 'By code' })
  async pairs(@Parent() campaign: CampaignType): Promise<PairType[]> {
    return (await this.service.pairs(campaign.key)).map(toPairType);
  }

  @ResolveField(() => [ProgressEntryType], {
    description:
      'ADMIN only: per pair × phase × instrument, what is expected and what was submitted',
  })
  async progress(
    @Parent() campaign: CampaignType,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProgressEntryType[]> {
    return this.service.progressFor(principal, campaign.key);
  }

  @Mutation(() => CampaignType, { description: 'A campaign with its phases, in one transaction' })
  @Allow('ADMIN')
  async createCampaign(@Args('input') input: CreateCampaignInput): Promise<CampaignType> {
    return toCampaignType(await this.service.createCampaign(input));
  }

  @Mutation(() => [ParticipantType], {
    description: 'Pseudonymous participants, at most 1000 per call, all or none',
  })
  @Allow('ADMIN')
  async registerParticipants(
    @Args('campaignKey') campaignKey: string,
    @Args('participants', { type: () => [ParticipantInput] }) participants: ParticipantInput[],
  ): Promise<ParticipantType[]> {
    return (await this.service.registerParticipants(campaignKey, participants)).map(
      toParticipantType,
    );
  }

  @Mutation(() => PairType, {
    description: 'A stable pair; forming the same pair again returns it',
  })
  @Allow('ADMIN')
  async formPair(
    @Args('campaignKey') campaignKey: string,
    @Args('mediatorCode') mediatorCode: string,
    @Args('professionalCode') professionalCode: string,
  ): Promise<PairType> {
    return toPairType(await this.service.formPair(campaignKey, mediatorCode, professionalCode));
  }
}

function toCampaignType(campaign: CampaignEntity): CampaignType {
  return {
    key: campaign.key,
    title: campaign.title,
    description: campaign.description,
    branches: campaign.branches,
    demo: campaign.demo,
  };
}

function toPhaseType(phase: CampaignPhaseEntity, now: Date): CampaignPhaseType {
  return {
    key: phase.key,
    title: phase.title,
    position: phase.position,
    opensAt: phase.opensAt,
    closesAt: phase.closesAt,
    instrumentKeys: phase.instrumentKeys,
    sequences: phase.sequences,
    open: phaseIsOpen(phase, now),
  };
}

function toParticipantType(participant: ParticipantEntity): ParticipantType {
  return {
    code: participant.code,
    role: participant.role,
    branch: participant.branch,
  };
}

function toPairType(pair: PairView): PairType {
  return {
    code: pair.code,
    mediator: toParticipantType(pair.mediator),
    professional: toParticipantType(pair.professional),
  };
}
