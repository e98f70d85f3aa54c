import { Field, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsDefined, IsOptional, IsString, Length, Matches } from 'class-validator';
import GraphQLJSON from 'graphql-type-json';
import { FreeFormJson } from '../input-validation';

export enum InstrumentVersionStatus {
  PUBLISHED = 'PUBLISHED',
  RETIRED = 'RETIRED',
}
registerEnumType(InstrumentVersionStatus, { name: 'InstrumentVersionStatus' });

export enum SubmissionStatus {
  DRAFT = 'DRAFT',
  COMPLETE = 'COMPLETE',
}
registerEnumType(SubmissionStatus, {
  name: 'SubmissionStatus',
  description:
    'DRAFT answers are type-checked only; COMPLETE answers must also have every required field',
});

@ObjectType('InstrumentKind', { description: 'An installed instrument plugin' })
export class InstrumentKindType {
  @Field() kind!: string;
  @Field() pluginVersion!: string;
  @Field({ description: 'The SDK range the plugin targets' }) sdkVersion!: string;
  @Field() description!: string;
}

@ObjectType('InstrumentVersion', { description: 'An immutable published definition' })
export class InstrumentVersionType {
  id!: string;
  @Field({ description: 'The instrument key' }) key!: string;
  @Field() version!: string;
  @Field(() => InstrumentVersionStatus) status!: InstrumentVersionStatus;
  @Field() anonymous!: boolean;
  @Field({ description: 'SHA-256 of the canonical JSON of the (full) definition' })
  checksum!: string;
  @Field() changelog!: string;
  @Field({ description: 'Shipped with a plugin rather than published through the API' })
  builtin!: boolean;
  @Field() publishedAt!: Date;
  @Field(() => Date, { nullable: true }) retiredAt!: Date | null;
}

@ObjectType('Instrument')
export class InstrumentType {
  @Field() key!: string;
  @Field() kind!: string;
}

@ObjectType('DefinitionChange', {
  description: 'One difference with the previous version and the bump it needs',
})
export class DefinitionChangeType {
  @Field() path!: string;
  @Field({ description: 'major, minor or patch' }) level!: string;
  @Field() description!: string;
}

@ObjectType('PublishResult')
export class PublishResultType {
  @Field(() => InstrumentVersionType) instrumentVersion!: InstrumentVersionType;
  @Field({ description: 'False when this exact content was already published under this version' })
  created!: boolean;
  @Field(() => [DefinitionChangeType]) changes!: DefinitionChangeType[];
}

@ObjectType('FieldError', {
  description: 'A problem located by a path into the answers or the definition',
})
export class FieldErrorType {
  @Field() path!: string;
  @Field({
    description:
      'Stable code: REQUIRED, TYPE, OUT_OF_RANGE, UNKNOWN_OPTION, UNKNOWN_FIELD, NOT_VISIBLE…',
  })
  code!: string;
  @Field() message!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'The SurveyJS question of an answer problem, as named in surveyJs: a name, or inside a dynamic panel the panel question, the item index and the name (beneficiaries[1].profile); null when no question holds the path',
  })
  question?: string | null;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const KEY = /^[a-z0-9][a-z0-9-]{0,99}$/;

@InputType('PublishInstrumentVersionInput')
export class PublishInstrumentVersionInput {
  @Field({ description: 'Instrument key, e.g. techess-observation-day2' })
  @Matches(KEY, { message: 'key must be lower-case letters, digits and dashes' })
  key!: string;

  @Field({ description: 'An installed kind (see instrumentKinds)' })
  @IsString()
  @Length(1, 100)
  kind!: string;

  @Field({ description: 'Semver x.y.z; checked against the changes since the latest version' })
  @Matches(SEMVER, { message: 'version must be a semver version x.y.z' })
  version!: string;

  @Field(() => GraphQLJSON, { description: 'The definition (see docs/instrument-plugins.md)' })
  // Checked in depth by the definition engine (no pass of the pipe over it).
  @IsDefined()
  @FreeFormJson()
  definition!: unknown;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 10000)
  changelog?: string;
}
