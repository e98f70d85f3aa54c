import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsDate, IsIn, IsOptional, IsString, ValidateNested } from 'class-validator';
import type { ParticipantRole as ParticipantRoleValue } from '@observatory/persistence';

// Formats, lengths, uniqueness and references are checked by CampaignService, which reports every
// problem at once; the decorators here keep the fields through the validation pipe's whitelist.

export enum ParticipantRole {
  MEDIATOR = 'MEDIATOR',
  PROFESSIONAL = 'PROFESSIONAL',
}
registerEnumType(ParticipantRole, {
  name: 'ParticipantRole',
  description: 'The role of a participant in a pair',
});

@ObjectType('CampaignBranch', { description: 'A professional branch of a campaign' })
export class CampaignBranchType {
  @Field() key!: string;
  @Field() title!: string;
}

@ObjectType('PhaseSequence', { description: 'A sequence of a phase (TechESS: séquence 1 … 6)' })
export class PhaseSequenceType {
  @Field() key!: string;
  @Field() title!: string;
}

@ObjectType('CampaignPhase', {
  description: 'A phase of a campaign (day1, day2, seminar; or a wave Q0..Q4)',
})
export class CampaignPhaseType {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => Int, { description: 'Order of the phase in the campaign, from 0' })
  position!: number;
  @Field(() => Date, { nullable: true, description: 'Absent: open since always' })
  opensAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Absent: never closes' })
  closesAt!: Date | null;
  @Field(() => [String]) instrumentKeys!: string[];
  @Field(() => [PhaseSequenceType]) sequences!: PhaseSequenceType[];
  @Field({ description: 'Whether now is within [opensAt, closesAt] (bounds inclusive)' })
  open!: boolean;
}

@ObjectType('Participant', { description: 'A participant, known only by a pseudonymous code' })
export class ParticipantType {
  @Field() code!: string;
  @Field(() => ParticipantRole) role!: ParticipantRoleValue;
  @Field(() => String, { nullable: true, description: 'Key of one of the campaign’s branches' })
  branch!: string | null;
}

@ObjectType('Pair', { description: 'A stable pair (binôme): one mediator, one professional' })
export class PairType {
  @Field({ description: '`mediatorCode+professionalCode`, e.g. M01+P01' }) code!: string;
  @Field(() => ParticipantType) mediator!: ParticipantType;
  @Field(() => ParticipantType) professional!: ParticipantType;
}

@ObjectType('ProgressEntry', {
  description:
    'Submissions expected and received for one pair × phase × instrument; anonymous instruments get one entry per phase with pairCode null',
})
export class ProgressEntryType {
  @Field(() => String, { nullable: true, description: 'Null for an anonymous instrument' })
  pairCode!: string | null;
  @Field() phaseKey!: string;
  @Field() instrumentKey!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The role that answers when the instrument has exactly one; null when both',
  })
  respondentRole!: string | null;
  @Field(() => Int, {
    description: '1 per pair; for an anonymous instrument, the number of participants',
  })
  expected!: number;
  @Field(() => Int) complete!: number;
  @Field(() => Int) drafts!: number;
}

@ObjectType('Campaign', { description: 'One study: its branches, phases, participants and pairs' })
export class CampaignType {
  @Field() key!: string;
  @Field() title!: string;
  @Field({ description: 'Empty when none was given' }) description!: string;
  @Field(() => [CampaignBranchType]) branches!: CampaignBranchType[];
  @Field({ description: 'Seeded demo data (DEMO_DATA)' }) demo!: boolean;
}

@InputType('BranchInput')
export class BranchInput {
  @Field({ description: 'Lower-case letters, digits and dashes, unique in the campaign' })
  @IsString()
  key!: string;

  @Field()
  @IsString()
  title!: string;
}

@InputType('SequenceInput')
export class SequenceInput {
  @Field({ description: 'Lower-case letters, digits and dashes, unique in the phase (s1, s2…)' })
  @IsString()
  key!: string;

  @Field()
  @IsString()
  title!: string;
}

@InputType('PhaseInput')
export class PhaseInput {
  @Field({ description: 'Lower-case letters, digits and dashes, unique in the campaign' })
  @IsString()
  key!: string;

  @Field()
  @IsString()
  title!: string;

  @Field(() => Date, { nullable: true, description: 'Absent: open from the start' })
  @IsOptional()
  @IsDate()
  opensAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Absent: never closes; after opensAt' })
  @IsOptional()
  @IsDate()
  closesAt?: Date | null;

  @Field(() => [String], { description: 'Keys of published instruments used in this phase' })
  @IsArray()
  @IsString({ each: true })
  instrumentKeys!: string[];

  @Field(() => [SequenceInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SequenceInput)
  sequences?: SequenceInput[] | null;
}

@InputType('CreateCampaignInput')
export class CreateCampaignInput {
  @Field({ description: 'Lower-case letters, digits and dashes (1–100), e.g. techess-2023' })
  @IsString()
  key!: string;

  @Field()
  @IsString()
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  description?: string | null;

  @Field(() => [BranchInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => BranchInput)
  branches?: BranchInput[] | null;

  @Field(() => [PhaseInput], { description: 'In order; at least one' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PhaseInput)
  phases!: PhaseInput[];
}

@InputType('ParticipantInput')
export class ParticipantInput {
  @Field({
    description:
      'A pseudonymous code (letters, digits, "_", "-"; at most 40), e.g. M01: never a name or an email',
  })
  @IsString()
  code!: string;

  @Field(() => ParticipantRole)
  @IsIn(Object.values(ParticipantRole))
  role!: ParticipantRoleValue;

  @Field(() => String, {
    nullable: true,
    description: 'One of the campaign’s branch keys (when it declares branches)',
  })
  @IsOptional()
  @IsString()
  branch?: string | null;
}
