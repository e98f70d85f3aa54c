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
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import GraphQLJSON from 'graphql-type-json';

export enum AgreementLevel {
  AGGREGATES = 'AGGREGATES',
  MICRODATA = 'MICRODATA',
}
registerEnumType(AgreementLevel, {
  name: 'AgreementLevel',
  description: 'Aggregates only, or de-identified microdata too',
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
  @Field(() => Int, { description: 'Disclosure threshold: cells under k are suppressed' })
  k!: number;
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
  @Field(() => Int, { nullable: true, description: 'Default 5, never below 3' })
  @IsOptional()
  @IsInt()
  @Min(3)
  k?: number;
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
  @Field(() => Float, { nullable: true }) mean?: number | null;
  @Field(() => Float, { nullable: true }) median?: number | null;
  @Field(() => Float, { nullable: true }) q1?: number | null;
  @Field(() => Float, { nullable: true }) q3?: number | null;
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
      'precomputed (the aggregate tables, plus the submissions written since they were computed) or live (counted from the submissions); either way exact as of computedAt',
  })
  source!: string;
  @Field() computedAt!: Date;
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
