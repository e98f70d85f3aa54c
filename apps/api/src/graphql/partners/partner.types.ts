import { Field, Float, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import GraphQLJSON from 'graphql-type-json';

export enum AgreementLevel {
  AGGREGATES = 'AGGREGATES',
  MICRODATA = 'MICRODATA',
  PUBLIC = 'PUBLIC',
}
registerEnumType(AgreementLevel, {
  name: 'AgreementLevel',
  description:
    'Aggregates only, de-identified microdata too, or PUBLIC: aggregates for open data (k = 11 at least)',
});

export enum DeliveryMode {
  DOWNLOAD = 'DOWNLOAD',
  PUSH = 'PUSH',
}
registerEnumType(DeliveryMode, { name: 'Delivery' });

const KEY = /^[a-z0-9][a-z0-9-]{0,99}$/;

@ObjectType('PartnerDelivery')
export class PartnerDeliveryType {
  @Field(() => DeliveryMode) mode!: DeliveryMode;
  @Field(() => String, { nullable: true }) endpoint?: string | null;
  @Field(() => String, { nullable: true, description: 'Cron expression of scheduled exports' })
  schedule?: string | null;
  @Field({ description: 'Whether scrubbed free text may be exported' }) verbatims!: boolean;
}

@ObjectType('Partner', { description: 'A partner observatory and its data-sharing agreement' })
export class PartnerType {
  @Field() key!: string;
  @Field() name!: string;
  @Field(() => AgreementLevel) level!: AgreementLevel;
  @Field(() => Int, { description: 'Disclosure threshold: no figure on fewer than k respondents' })
  k!: number;
  @Field(() => Int, {
    description: 'Medians and quartiles only for at least this many respondents',
  })
  quantileMinimum!: number;
  @Field(() => [String]) instrumentKeys!: string[];
  @Field(() => [String]) campaignKeys!: string[];
  @Field(() => PartnerDeliveryType) delivery!: PartnerDeliveryType;
  @Field() createdAt!: Date;
}

@InputType('PartnerDeliveryInput')
export class PartnerDeliveryInput {
  @Field(() => DeliveryMode) @IsIn(Object.values(DeliveryMode)) mode!: DeliveryMode;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 2000) endpoint?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 200) schedule?: string;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() verbatims?: boolean;
}

@InputType('CreatePartnerInput')
export class CreatePartnerInput {
  @Field()
  @Matches(KEY, { message: 'key must be lower-case letters, digits and dashes' })
  key!: string;
  @Field() @IsString() @Length(1, 200) name!: string;
  @Field(() => AgreementLevel) @IsIn(Object.values(AgreementLevel)) level!: AgreementLevel;
  @Field(() => Int, {
    nullable: true,
    description: 'Default 5, from 3 to 15; PUBLIC agreements have at least 11',
  })
  @IsOptional()
  @IsInt()
  @Min(3)
  @Max(15)
  k?: number;
  @Field(() => Int, {
    nullable: true,
    description:
      'Medians and quartiles only for groups of at least this many respondents (default and minimum 10)',
  })
  @IsOptional()
  @IsInt()
  @Min(10)
  quantileMinimum?: number;
  @Field(() => [String]) @ArrayMaxSize(100) @IsString({ each: true }) instrumentKeys!: string[];
  @Field(() => [String]) @ArrayMaxSize(100) @IsString({ each: true }) campaignKeys!: string[];
  @Field(() => PartnerDeliveryInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PartnerDeliveryInput)
  delivery?: PartnerDeliveryInput;
}

@InputType('FilterInput')
export class FilterInput {
  @Field({
    description: 'phase, respondentRole, branch, version, or a single-choice/boolean field',
  })
  @IsString()
  @Length(1, 200)
  field!: string;
  @Field(() => [String]) @ArrayMaxSize(100) @IsString({ each: true }) values!: string[];
}

@InputType('AggregateInput')
export class AggregateInput {
  @Field() @IsString() @Length(1, 200) instrumentKey!: string;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  versions?: string[];
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 200) campaignKey?: string;
  @Field({
    description:
      'A choice, boolean or number field (dotted path into groups and repeats), or a measure such as score.total',
  })
  @IsString()
  @Length(1, 300)
  field!: string;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  groupBy?: string[];
  @Field(() => [FilterInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => FilterInput)
  filters?: FilterInput[];
  @Field({
    nullable: true,
    description: 'ADMIN only: figures without disclosure control (audited)',
  })
  @IsOptional()
  @IsBoolean()
  unsuppressed?: boolean;
}

@ObjectType('AggregateCell')
export class AggregateCellType {
  @Field(() => GraphQLJSON, { description: 'The values of the groupBy dimensions' }) group!: Record<
    string,
    string | null
  >;
  @Field(() => String, {
    nullable: true,
    description: 'The option counted; null: not answered (or a numeric summary)',
  })
  value!: string | null;
  @Field(() => Int, { nullable: true }) count!: number | null;
  @Field() suppressed!: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      'Why a partner’s cell is suppressed: DOMINANCE (the group’s answers are (almost) all in one category), NEAR_POPULATION (the group is within k − 1 respondents of a population already answered)',
  })
  reason?: string | null;
  @Field(() => Float, { nullable: true }) mean?: number | null;
  @Field(() => Float, { nullable: true }) median?: number | null;
  @Field(() => Float, { nullable: true }) q1?: number | null;
  @Field(() => Float, { nullable: true }) q3?: number | null;
}

@ObjectType('AggregateRelease', {
  description: 'A frozen release of an instrument’s data: what partners’ figures come from',
})
export class AggregateReleaseType {
  @Field(() => Int) number!: number;
  @Field() createdAt!: Date;
  @Field({ nullable: true, description: 'CHANGES, SCHEDULE or ADMIN (admins only)' })
  trigger?: string;
  @Field(() => Int, { nullable: true, description: 'Respondents in the release (admins only)' })
  respondents?: number;
  @Field(() => Int, {
    nullable: true,
    description: 'Respondents added or removed since the previous release (admins only)',
  })
  changes?: number;
}

@ObjectType('AggregateResult')
export class AggregateResultType {
  @Field() instrumentKey!: string;
  @Field() field!: string;
  @Field(() => [String]) groupBy!: string[];
  @Field(() => [String]) versions!: string[];
  @Field(() => Int) k!: number;
  @Field({
    description: 'What is counted: submissions, or blocks of a repeat (e.g. beneficiaries blocks)',
  })
  unit!: string;
  @Field(() => Int, { nullable: true }) population!: number | null;
  @Field({ description: 'True when the whole result is withheld' }) suppressed!: boolean;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => [AggregateCellType]) cells!: AggregateCellType[];
  @Field(() => Int) suppressedCells!: number;
  @Field({
    description:
      'release (a partner’s figures: the frozen release named in `release`, under the cell-key method), or, for admins, precomputed (the aggregate tables, plus the submissions written since they were computed) or live (counted from the submissions), exact as of computedAt',
  })
  source!: string;
  @Field(() => AggregateReleaseType, {
    nullable: true,
    description: 'The release a partner’s figures come from; null for admins (live figures)',
  })
  release?: AggregateReleaseType | null;
  @Field() computedAt!: Date;
}

@ObjectType('ReleaseStatus', { description: 'Where the releases of an instrument stand' })
export class ReleaseStatusType {
  @Field() instrumentKey!: string;
  @Field(() => AggregateReleaseType, { nullable: true }) current!: AggregateReleaseType | null;
  @Field(() => Int, { description: 'Respondents added or removed since the current release' })
  pendingChanges!: number;
  @Field(() => Int, { description: 'Changes a release needs (the largest k of the agreements)' })
  threshold!: number;
  @Field(() => String, {
    nullable: true,
    description: 'Cron expression: releases advance only then; null: automatically',
  })
  schedule!: string | null;
  @Field(() => Int) minimumIntervalSeconds!: number;
}

@InputType('ReleasePolicyInput')
export class ReleasePolicyInput {
  @Field() @IsString() @Length(1, 200) instrumentKey!: string;
  @Field({
    nullable: true,
    description: 'Cron expression of the release times; null: releases advance automatically',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  schedule?: string;
  @Field(() => Int, {
    nullable: true,
    description: 'Automatic releases: at least this many seconds apart (default 60)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  minimumIntervalSeconds?: number;
}

@ObjectType('AuditEvent')
export class AuditEventType {
  @Field() id!: string;
  @Field() at!: Date;
  @Field() apiKeyId!: string;
  @Field() role!: string;
  @Field(() => String, { nullable: true }) partnerKey!: string | null;
  @Field() action!: string;
  @Field(() => GraphQLJSON) request!: unknown;
  @Field(() => Int) suppressedCells!: number;
  @Field() outcome!: string;
}
