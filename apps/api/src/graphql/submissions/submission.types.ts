import { createUnionType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsDefined, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import GraphQLJSON from 'graphql-type-json';
import { CampaignBranchType } from '../campaigns/campaign.types';
import { FreeFormJson } from '../../input-validation';
import { FieldErrorType, SubmissionStatus } from '../instrument.types';

const CLIENT_ID = /^[\x21-\x7e]{1,200}$/;

@ObjectType('Redaction', {
  description: 'What anonymisation removed or changed at a path: never the value',
})
export class RedactionType {
  @Field() path!: string;
  @Field({
    description:
      'What was removed: a kind of the scrubber (EMAIL, PHONE, NIR, IBAN, CARD, TAX_ID, URL, PASSPORT, ID_CARD, CAF, PLATE, BIRTHDATE, HANDLE, SECRET, ADDRESS, NAME), IDENTIFIER (dropped) or GENERALISED',
  })
  kind!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('Submission', { description: 'Answers as stored: after anonymisation' })
export class SubmissionType {
  @Field(() => ID) id!: string;
  @Field() instrumentKey!: string;
  @Field() version!: string;
  @Field() campaignKey!: string;
  @Field(() => String, { nullable: true }) phase!: string | null;
  @Field(() => String, { nullable: true }) pairCode!: string | null;
  @Field(() => String, { nullable: true }) participantCode!: string | null;
  @Field(() => String, { nullable: true }) respondentRole!: string | null;
  @Field(() => String, { nullable: true }) branch!: string | null;
  @Field(() => SubmissionStatus) status!: SubmissionStatus;
  @Field() anonymous!: boolean;
  @Field(() => GraphQLJSON) answers!: unknown;
  @Field(() => GraphQLJSON, { description: 'Values derived by the kind (e.g. skills-test scores)' })
  derived!: unknown;
  @Field(() => [RedactionType]) redactions!: RedactionType[];
  @Field(() => Int, { description: 'The scrubber version that last scrubbed the free text' })
  scrubberVersion!: number;
  @Field({ description: 'Day of submission (YYYY-MM-DD)' }) submittedOn!: string;
  @Field(() => Date, { nullable: true, description: 'Null for anonymous submissions' })
  createdAt!: Date | null;
  @Field(() => Date, { nullable: true }) updatedAt!: Date | null;
}

@ObjectType('SubmissionAccepted', { description: 'The answers are durably stored' })
export class SubmissionAcceptedType {
  @Field(() => SubmissionType) submission!: SubmissionType;
  @Field({ description: 'True when this exact request was already accepted (a retry)' })
  duplicate!: boolean;
  @Field(() => [RedactionType]) redactions!: RedactionType[];
}

@ObjectType('SubmissionRejected', { description: 'Nothing was stored; every problem is listed' })
export class SubmissionRejectedType {
  @Field(() => [FieldErrorType]) errors!: FieldErrorType[];
}

export const SubmitResult = createUnionType({
  name: 'SubmitResult',
  types: () => [SubmissionAcceptedType, SubmissionRejectedType] as const,
  resolveType: (value: object) =>
    'errors' in value ? SubmissionRejectedType : SubmissionAcceptedType,
});

@InputType('SubmitInput')
export class SubmitInput {
  @Field({ description: 'Your id for this submission, unique per API key: retries reuse it' })
  @Matches(CLIENT_ID, { message: 'clientSubmissionId must be 1 to 200 printable ASCII characters' })
  clientSubmissionId!: string;

  @Field() @IsString() @Length(1, 200) instrumentKey!: string;
  @Field() @IsString() @Length(1, 50) version!: string;
  @Field() @IsString() @Length(1, 200) campaignKey!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 200) phase?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 200) pairCode?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 200) participantCode?: string;

  @Field({
    nullable: true,
    description: 'MEDIATOR or PROFESSIONAL; defaults to the participant’s role',
  })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  respondentRole?: string;

  @Field(() => SubmissionStatus, { defaultValue: SubmissionStatus.COMPLETE })
  @IsIn(Object.values(SubmissionStatus))
  status!: SubmissionStatus;

  @Field(() => GraphQLJSON)
  // Checked in depth by the definition engine, which bounds its shape first: no pass of the pipe.
  @IsDefined()
  @FreeFormJson()
  answers!: unknown;
}

@InputType('AnonymousSubmitInput', {
  description:
    'The token, the cohort the respondent chooses to give, and the answers: nothing else is needed',
})
export class AnonymousSubmitInput {
  @Field({ description: 'The one-time token handed out at the seminar' })
  @IsString()
  @Length(1, 100)
  token!: string;
  @Field(() => GraphQLJSON) @IsDefined() @FreeFormJson() answers!: unknown;
  @Field({ nullable: true, description: 'The branch the respondent chooses to give (optional)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  branch?: string;
  @Field({
    nullable: true,
    description: 'MEDIATOR or PROFESSIONAL, as the respondent chooses to give it (optional)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  respondentRole?: string;
  @Field({
    nullable: true,
    description: 'Needed only when several phases that use the instrument are open at once',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  phase?: string;
  @Field({
    nullable: true,
    description: 'The version of the form the device loaded; default: the newest published',
  })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  version?: string;
  @Field({
    nullable: true,
    deprecationReason: 'The token says it; when sent, it must be the token’s (else INVALID_TOKEN)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  instrumentKey?: string;
  @Field({
    nullable: true,
    deprecationReason: 'The token says it; when sent, it must be the token’s (else INVALID_TOKEN)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  campaignKey?: string;
}

@ObjectType('AnonymousFormPhase', {
  description: 'A phase an anonymous answer can be given in now',
})
export class AnonymousFormPhaseType {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => Date, { nullable: true, description: 'Absent: never closes' })
  closesAt!: Date | null;
}

@ObjectType('AnonymousForm', {
  description:
    'What a participant’s device needs to take an anonymous test, given only its token (no API key)',
})
export class AnonymousFormType {
  @Field() campaignKey!: string;
  @Field() campaignTitle!: string;
  @Field() instrumentKey!: string;
  @Field({ description: 'The newest published version; send it back with the answers' })
  version!: string;
  @Field({ description: 'The French title of the instrument' }) title!: string;
  @Field(() => GraphQLJSON, {
    description: 'The public view of the definition (a skills test never shows its answer key)',
  })
  definition!: unknown;
  @Field(() => GraphQLJSON, { description: 'A render-ready SurveyJS form (survey-core)' })
  surveyJs!: unknown;
  @Field(() => GraphQLJSON, {
    description: 'JSON Schema 2020-12 of the answers of a COMPLETE submission',
  })
  answerSchema!: unknown;
  @Field(() => [AnonymousFormPhaseType], {
    description:
      'The phases open now that use the instrument: the answer goes to the only one, or to the one named (phase) when several are open',
  })
  phases!: AnonymousFormPhaseType[];
  @Field({ description: 'Whether an answer can be given now' }) open!: boolean;
  @Field(() => [CampaignBranchType], { description: 'Branches the respondent may choose from' })
  branches!: CampaignBranchType[];
  @Field(() => [String], { description: 'Roles the respondent may choose from' })
  respondentRoles!: string[];
  @Field({ description: 'After this, the token is refused' }) tokenExpiresAt!: Date;
}

@ObjectType('PageInfo')
export class PageInfoType {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('SubmissionEdge')
export class SubmissionEdgeType {
  @Field() cursor!: string;
  @Field(() => SubmissionType) node!: SubmissionType;
}

@ObjectType('SubmissionConnection')
export class SubmissionConnectionType {
  @Field(() => [SubmissionEdgeType]) edges!: SubmissionEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  @Field(() => Int, { description: 'All submissions matching the filters' }) totalCount!: number;
  @Field(() => Int, { description: 'Of which drafts: responses left partial' })
  partialCount!: number;
}

@ObjectType('ErasureReport')
export class ErasureReportType {
  @Field() participantCode!: string;
  @Field(() => Int) submissionsDeleted!: number;
  @Field(() => Int) pairsDeleted!: number;
  @Field() anonymousSubmissions!: string;
}
