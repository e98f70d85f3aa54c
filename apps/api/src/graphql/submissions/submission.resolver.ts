import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuditService } from '@observatory/audit';
import { Allow, CurrentPrincipal, Public, type Principal } from '@observatory/auth';
import type { SubmissionEntity } from '@observatory/persistence';
import { toAnswerSchema, toSurveyJs } from '@observatory/instruments';
import { InstrumentService } from '@observatory/instruments';
import {
  AnonymousSubmissionService,
  DEFAULT_TOKEN_VALID_DAYS,
  encodeCursor,
  MAX_TOKEN_VALID_DAYS,
  MAX_TOKENS_PER_CALL,
  ParticipantErasureService,
  SubmissionReaderService,
  SubmissionService,
  type SubmitOutcome,
} from '@observatory/submissions';
import { SubmissionStatus } from '../instrument.types';
import {
  AnonymousFormType,
  AnonymousSubmitInput,
  ErasureReportType,
  SubmissionConnectionType,
  SubmitInput,
  SubmitResult,
  type SubmissionAcceptedType,
  type SubmissionRejectedType,
  type SubmissionType,
} from './submission.types';

@Resolver()
export class SubmissionResolver {
  constructor(
    private readonly intake: SubmissionService,
    private readonly anonymous: AnonymousSubmissionService,
    private readonly reader: SubmissionReaderService,
    private readonly erasure: ParticipantErasureService,
    private readonly audit: AuditService,
    private readonly catalogue: InstrumentService,
  ) {}

  @Mutation(() => SubmitResult)
  @Allow('ADMIN', 'COLLECTOR')
  async submit(
    @Args('input') input: SubmitInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<typeof SubmitResult> {
    const outcome = await this.intake.submit(principal, {
      ...input,
      status: input.status ?? SubmissionStatus.COMPLETE,
    });
    return toResult(outcome, {
      pairCode: input.pairCode ?? null,
      participantCode: input.participantCode ?? null,
    });
  }

  @Mutation(() => SubmitResult, {
    description:
      'The anonymous skills test: a one-time token instead of an API key. The answer waits in a mixing pool and is stored with a batch of others (docs/submissions.md)',
  })
  @Public()
  async submitAnonymous(@Args('input') input: AnonymousSubmitInput): Promise<typeof SubmitResult> {
    return toResult(await this.anonymous.submit(input), { pairCode: null, participantCode: null });
  }

  @Query(() => AnonymousFormType, {
    description:
      'The form a one-time token opens, for a device that knows only the token; INVALID_TOKEN alike for an unknown, used or expired token',
  })
  @Public()
  async anonymousForm(@Args('token') token: string): Promise<AnonymousFormType> {
    const form = await this.anonymous.form(token);
    const view = this.catalogue.viewOf(form.version, false);
    return {
      campaignKey: form.campaign.key,
      campaignTitle: form.campaign.title,
      instrumentKey: form.version.instrumentKey,
      version: form.version.version,
      title: view.title.fr,
      definition: view,
      surveyJs: toSurveyJs(view),
      answerSchema: toAnswerSchema(view),
      phases: form.phases,
      open: form.open,
      branches: form.campaign.branches,
      respondentRoles: form.respondentRoles,
      tokenExpiresAt: form.tokenExpiresAt,
    };
  }

  @Mutation(() => [String], {
    description: `One-time tokens for an anonymous instrument (at most ${MAX_TOKENS_PER_CALL}), usable for validDays days`,
  })
  @Allow('ADMIN')
  issueAnonymousTokens(
    @Args('campaignKey') campaignKey: string,
    @Args('instrumentKey') instrumentKey: string,
    @Args('count', { type: () => Int }) count: number,
    @Args('validDays', {
      type: () => Int,
      defaultValue: DEFAULT_TOKEN_VALID_DAYS,
      description: `Days until the tokens expire (1–${MAX_TOKEN_VALID_DAYS})`,
    })
    validDays: number,
  ): Promise<string[]> {
    return this.anonymous.issueTokens(campaignKey, instrumentKey, count, validDays);
  }

  @Query(() => SubmissionConnectionType)
  @Allow('ADMIN')
  async submissions(
    @Args('campaignKey') campaignKey: string,
    @Args('instrumentKey', { type: () => String, nullable: true })
    instrumentKey: string | undefined,
    @Args('status', { type: () => SubmissionStatus, nullable: true })
    status: SubmissionStatus | undefined,
    @Args('first', { type: () => Int, nullable: true }) first: number | undefined,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubmissionConnectionType> {
    const page = await this.reader.page({ campaignKey, instrumentKey, status, first, after });
    // Reading microdata is always audited, even by admins.
    await this.audit.record(principal, {
      action: 'submissions.read',
      request: {
        campaignKey,
        instrumentKey: instrumentKey ?? null,
        status: status ?? null,
        first: first ?? null,
      },
    });
    return {
      edges: page.rows.map((row) => ({
        cursor: encodeCursor(row.id),
        node: toSubmission(row, row),
      })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      totalCount: page.totalCount,
      partialCount: page.partialCount,
    };
  }

  @Mutation(() => ErasureReportType)
  @Allow('ADMIN')
  eraseParticipant(
    @Args('campaignKey') campaignKey: string,
    @Args('participantCode') participantCode: string,
  ): Promise<ErasureReportType> {
    return this.erasure.erase(campaignKey, participantCode);
  }
}

type Codes = { pairCode: string | null; participantCode: string | null };

function toResult(
  outcome: SubmitOutcome,
  codes: Codes,
): SubmissionAcceptedType | SubmissionRejectedType {
  if (!outcome.accepted) return { errors: outcome.errors };
  return {
    submission: toSubmission(outcome.submission, codes),
    duplicate: outcome.duplicate,
    redactions: outcome.redactions,
  };
}

function toSubmission(submission: SubmissionEntity, codes: Codes): SubmissionType {
  return {
    id: submission.id,
    instrumentKey: submission.instrumentKey,
    version: submission.instrumentVersion,
    campaignKey: submission.campaignKey,
    phase: submission.phaseKey,
    pairCode: codes.pairCode,
    participantCode: codes.participantCode,
    respondentRole: submission.respondentRole,
    branch: submission.branch,
    status: submission.status as SubmissionStatus,
    anonymous: submission.anonymous,
    answers: submission.answers,
    derived: submission.derived,
    redactions: submission.redactions,
    scrubberVersion: submission.scrubberVersion,
    submittedOn: submission.submittedOn,
    createdAt: submission.createdAt,
    updatedAt: submission.updatedAt,
  };
}
