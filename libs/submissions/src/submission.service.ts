import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { anonymiseAnswers, quoteInput, SCRUBBER_VERSION } from '@observatory/anonymisation';
import type { Principal } from '@observatory/auth';
import { conflict, forbidden } from '@observatory/errors';
import type { InstrumentDefinition, JsonObject, Problem } from '@observatory/instrument-sdk';
import { InstrumentService, PluginRegistry } from '@observatory/instruments';
import {
  checkAnswerBounds,
  toAnswerShape,
  withSurveyJsQuestions,
  type AnswerBounds,
  type AnswerProblem,
  type BoundedAnswers,
} from '@observatory/instruments';
import { preparedQuery, SubmissionEntity, type StoredRedaction } from '@observatory/persistence';
import { ClientSubmissionIds } from './client-submission-id';
import { outboxInsert, recordOutboxEvent, SUBMISSIONS_CHANGED, type OutboxEvent } from './outbox';
import { submitRequestHash } from './request-hash';
import { SubmissionContextReader, type SubmissionContext } from './submission-context';
import { rejected, type SubmitOutcome, type SubmitRequest } from './submission-request';

/** Validated, anonymised answers ready to store, or the problems that reject them. */
export interface PreparedAnswers {
  answers: JsonObject;
  derived: JsonObject;
  redactions: StoredRedaction[];
  /** The scrubber version that scrubbed the free text. */
  scrubberVersion: number;
}

@Injectable()
export class SubmissionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instruments: InstrumentService,
    private readonly plugins: PluginRegistry,
    private readonly contexts: SubmissionContextReader,
    private readonly clientIds: ClientSubmissionIds,
  ) {}

  /**
   * authorise → context (one query) → validation → anonymisation → one statement storing the
   * submission and its outbox event → reply. A rejection writes nothing. A clientSubmissionId seen
   * before (the insert finds it taken) is a retry: the same request again is answered as a
   * duplicate, a draft is updated, other content is a CONFLICT.
   */
  async submit(
    principal: Principal,
    request: SubmitRequest,
    now = new Date(),
  ): Promise<SubmitOutcome> {
    if (
      principal.role === 'COLLECTOR' &&
      !(principal.scope.campaignKeys ?? []).includes(request.campaignKey)
    ) {
      throw forbidden(`This key may not submit to campaign ${quoteInput(request.campaignKey)}`);
    }
    // Before the fingerprint below walks the answers: a hostile shape stops here. The only walk
    // of the bounds for this request: the steps below take the answers as bounded.
    const bounds = checkAnswerBounds(request.answers);
    if (bounds.problem) return rejected(bounds.problem);
    const requestHash = submitRequestHash(request);
    // Only the keyed hash of the client's id is stored, looked up, or compared.
    const clientId = this.clientIds.hash(request.clientSubmissionId);
    const { context, problems } = await this.contexts.resolve(request, { anonymous: false, now });
    if (!context) return this.rejectUnlessRetry(principal, clientId, requestHash, problems);
    const prepared = this.prepareBounded(context.definition, bounds.answers, request.status);
    if ('errors' in prepared) {
      return this.rejectUnlessRetry(principal, clientId, requestHash, prepared.errors);
    }

    const submission: SubmissionEntity = {
      id: randomUUID(),
      apiKeyId: principal.keyId,
      clientSubmissionId: clientId,
      requestHash,
      instrumentKey: request.instrumentKey,
      instrumentVersion: request.version,
      campaignKey: request.campaignKey,
      phaseKey: context.phase?.key ?? null,
      pairId: context.pair?.id ?? null,
      participantId: context.participant?.id ?? null,
      respondentRole: context.respondentRole,
      branch: context.branch,
      status: request.status,
      anonymous: false,
      answers: prepared.answers,
      derived: prepared.derived,
      redactions: prepared.redactions,
      scrubberVersion: prepared.scrubberVersion,
      submittedOn: isoDay(now),
      createdAt: now,
      updatedAt: now,
    };
    if (await this.insertNew(submission)) {
      return { accepted: true, submission, duplicate: false, redactions: prepared.redactions };
    }
    return this.submitAgain(principal, request, clientId, requestHash, context, prepared, now);
  }

  /**
   * Stores a new submission and, when it is complete, the outbox event announcing it, in one
   * statement. False when its clientSubmissionId is already taken (nothing is written then).
   */
  private async insertNew(submission: SubmissionEntity): Promise<boolean> {
    const values = [
      submission.id,
      submission.apiKeyId,
      submission.clientSubmissionId,
      submission.requestHash,
      submission.instrumentKey,
      submission.instrumentVersion,
      submission.campaignKey,
      submission.phaseKey,
      submission.pairId,
      submission.participantId,
      submission.respondentRole,
      submission.branch,
      submission.status,
      JSON.stringify(submission.answers),
      JSON.stringify(submission.derived),
      JSON.stringify(submission.redactions),
      submission.submittedOn,
      submission.createdAt,
      submission.scrubberVersion,
    ];
    const event = outboxInsert(values.length + 1, announcement(submission, true));
    const rows = await preparedQuery(
      this.dataSource,
      'submission-insert',
      `WITH stored AS (
         INSERT INTO submission (id, api_key_id, client_submission_id, request_hash, instrument_key,
           instrument_version, campaign_key, phase_key, pair_id, participant_id, respondent_role,
           branch, status, anonymous, answers, derived, redactions, submitted_on, created_at, updated_at,
           scrubber_version, client_id_keyed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, false, $14, $15, $16, $17, $18, $18,
           $19, true)
         ON CONFLICT (api_key_id, client_submission_id) DO NOTHING
         RETURNING id
       ), announced AS (
         ${event.sql} FROM stored WHERE $13 = 'COMPLETE'
       )
       SELECT id FROM stored`,
      [...values, ...event.params],
    );
    return rows.length === 1;
  }

  /** The clientSubmissionId was used before: a duplicate, an update of a draft, or a conflict. */
  private async submitAgain(
    principal: Principal,
    request: SubmitRequest,
    clientId: string,
    requestHash: string,
    context: SubmissionContext,
    prepared: PreparedAnswers,
    now: Date,
  ): Promise<SubmitOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.findByClientId(manager, principal.keyId, clientId, true);
      if (!current) {
        // Erased between the two statements: nothing of it is left to update.
        throw conflict(
          'This clientSubmissionId was erased while it was being submitted again; retry with a new clientSubmissionId',
        );
      }
      const replay = replayOf(current, requestHash);
      if (replay) return replay;
      sameContextOrConflict(current, context, request);
      Object.assign(current, {
        status: request.status,
        answers: prepared.answers,
        derived: prepared.derived,
        redactions: prepared.redactions,
        scrubberVersion: prepared.scrubberVersion,
        requestHash,
        updatedAt: now,
      });
      await manager.save(current);
      // A completed draft changes the drafts counted too: a full recompute, not a delta.
      if (request.status === 'COMPLETE') {
        await recordOutboxEvent(manager, announcement(current, false));
      }
      return {
        accepted: true,
        submission: current,
        duplicate: false,
        redactions: prepared.redactions,
      };
    });
  }

  /**
   * A rejected request may be the retry of one accepted earlier, under conditions that have
   * changed since (a phase closed): the retry still gets its original answer.
   */
  private async rejectUnlessRetry(
    principal: Principal,
    clientId: string,
    requestHash: string,
    problems: Problem[],
  ): Promise<SubmitOutcome> {
    const earlier = await this.findByClientId(this.dataSource.manager, principal.keyId, clientId);
    return (earlier && replayOf(earlier, requestHash)) || rejected(...problems);
  }

  /**
   * The answers as they would be stored, or every problem with them: SurveyJS data nested into the
   * answer shape, the common validation, the kind's checks, anonymisation and derived values; no
   * I/O. `submit`, `submitAnonymous` and `validateAnswers` all go through here, so a dry run
   * refuses exactly what a submission would. Problems name their SurveyJS question.
   */
  prepare(
    definition: InstrumentDefinition,
    answers: unknown,
    status: 'DRAFT' | 'COMPLETE',
  ): PreparedAnswers | { errors: AnswerProblem[] } {
    // The shape (nesting, array lengths, unstorable text) first: everything below recurses.
    const bounds = checkAnswerBounds(answers);
    if (bounds.problem) return { errors: withSurveyJsQuestions(definition, [bounds.problem]) };
    return this.prepareBounded(definition, bounds.answers, status);
  }

  /** `prepare` of answers whose bounds the caller checked (submit, before its fingerprint). */
  private prepareBounded(
    definition: InstrumentDefinition,
    answers: BoundedAnswers,
    status: 'DRAFT' | 'COMPLETE',
  ): PreparedAnswers | { errors: AnswerProblem[] } {
    const problems = (found: Problem[]) => ({ errors: withSurveyJsQuestions(definition, found) });
    const shaped = toAnswerShape(definition, answers);
    if (shaped.problems.length) return problems(shaped.problems);
    // SurveyJS answers moved under their groups sit deeper than they were sent: their bounds are
    // checked again. Otherwise every value is where it was checked (or dropped).
    const bounded: AnswerBounds = shaped.moved
      ? checkAnswerBounds(shaped.answers)
      : { answers: shaped.answers as BoundedAnswers };
    if (bounded.problem) return problems([bounded.problem]);
    const invalid = this.instruments.checkAnswers(definition, bounded.answers, status);
    if (invalid.length) return problems(invalid);
    const anonymised = anonymiseAnswers(definition, shaped.answers as JsonObject);
    if (anonymised.rejected.length) {
      return problems(
        anonymised.rejected.map((value) => ({
          path: value.path,
          code: 'INVALID_VALUE',
          message: `This value cannot be generalised as the field declares (${value.reason})`,
        })),
      );
    }
    const plugin = this.plugins.get(definition.kind);
    // Derived from the anonymised answers: only what is stored can be derived.
    const derived =
      status === 'COMPLETE' && plugin?.derive ? plugin.derive(definition, anonymised.answers) : {};
    return {
      answers: anonymised.answers,
      derived,
      redactions: anonymised.redactions,
      scrubberVersion: SCRUBBER_VERSION,
    };
  }

  /** What `submit` would refuse in these answers (nothing is stored): `validateAnswers`. */
  check(
    definition: InstrumentDefinition,
    answers: unknown,
    status: 'DRAFT' | 'COMPLETE',
  ): AnswerProblem[] {
    const prepared = this.prepare(definition, answers, status);
    return 'errors' in prepared ? prepared.errors : [];
  }

  private findByClientId(
    manager: EntityManager,
    apiKeyId: string,
    clientSubmissionId: string,
    lock = false,
  ) {
    return manager.findOne(SubmissionEntity, {
      where: { apiKeyId, clientSubmissionId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }
}

/**
 * What an earlier submission under the same clientSubmissionId means for this request: the same
 * request again is a duplicate; other content is a CONFLICT unless it updates a draft (undefined:
 * go on and update it).
 */
function replayOf(earlier: SubmissionEntity, requestHash: string): SubmitOutcome | undefined {
  if (earlier.requestHash === requestHash) {
    return { accepted: true, submission: earlier, duplicate: true, redactions: earlier.redactions };
  }
  if (earlier.status === 'DRAFT') return undefined;
  // The id is not quoted: a client id may hold anything, and messages never echo what was sent.
  throw conflict(
    'This clientSubmissionId was already used for a complete submission with other content; use a new clientSubmissionId',
  );
}

function sameContextOrConflict(
  earlier: SubmissionEntity,
  context: SubmissionContext,
  request: SubmitRequest,
): void {
  const same =
    earlier.instrumentKey === request.instrumentKey &&
    earlier.campaignKey === request.campaignKey &&
    earlier.phaseKey === (context.phase?.key ?? null) &&
    earlier.pairId === (context.pair?.id ?? null) &&
    earlier.participantId === (context.participant?.id ?? null);
  if (!same) {
    throw conflict(
      'This draft belongs to another instrument, campaign, phase, pair or participant; complete it in the same context',
    );
  }
}

export function announcement(submission: SubmissionEntity, additive: boolean): OutboxEvent {
  return {
    topic: SUBMISSIONS_CHANGED,
    payload: { instrumentKey: submission.instrumentKey, campaignKey: submission.campaignKey },
    additive,
  };
}

/** Where a NUL character sits in the answers (a key or a string), which PostgreSQL cannot store. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
