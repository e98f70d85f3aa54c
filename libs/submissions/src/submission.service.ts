import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { anonymiseAnswers } from '../../anonymisation/src';
import type { Principal } from '../../auth/src';
import { conflict, forbidden } from '../../errors/src';
import type { InstrumentDefinition, JsonObject, Problem } from '@observatory/instrument-sdk';
import { InstrumentService, PluginRegistry } from '../../instruments/src';
import { preparedQuery, SubmissionEntity, type StoredRedaction } from '../../persistence/src';
import { outboxInsert, recordOutboxEvent, SUBMISSIONS_CHANGED, type OutboxEvent } from './outbox';
import { submitRequestHash } from './request-hash';
import { SubmissionContextReader, type SubmissionContext } from './submission-context';
import { rejected, type SubmitOutcome, type SubmitRequest } from './submission-request';

/** Validated, anonymised answers ready to store, or the problems that reject them. */
export interface PreparedAnswers {
  answers: JsonObject;
  derived: JsonObject;
  redactions: StoredRedaction[];
}

@Injectable()
export class SubmissionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instruments: InstrumentService,
    private readonly plugins: PluginRegistry,
    private readonly contexts: SubmissionContextReader,
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
      throw forbidden(`This key may not submit to campaign "${request.campaignKey}"`);
    }
    const requestHash = submitRequestHash(request);
    const { context, problems } = await this.contexts.resolve(request, { anonymous: false, now });
    if (!context) return this.rejectUnlessRetry(principal, request, requestHash, problems);
    const prepared = this.prepare(context.definition, request.answers, request.status);
    if ('errors' in prepared) {
      return this.rejectUnlessRetry(principal, request, requestHash, prepared.errors);
    }

    const submission: SubmissionEntity = {
      id: randomUUID(),
      apiKeyId: principal.keyId,
      clientSubmissionId: request.clientSubmissionId,
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
      submittedOn: isoDay(now),
      createdAt: now,
      updatedAt: now,
    };
    if (await this.insertNew(submission)) {
      return { accepted: true, submission, duplicate: false, redactions: prepared.redactions };
    }
    return this.submitAgain(principal, request, requestHash, context, prepared, now);
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
    ];
    const event = outboxInsert(values.length + 1, announcement(submission, true));
    const rows = await preparedQuery(
      this.dataSource,
      'submission-insert',
      `WITH stored AS (
         INSERT INTO submission (id, api_key_id, client_submission_id, request_hash, instrument_key,
           instrument_version, campaign_key, phase_key, pair_id, participant_id, respondent_role,
           branch, status, anonymous, answers, derived, redactions, submitted_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, false, $14, $15, $16, $17, $18, $18)
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
    requestHash: string,
    context: SubmissionContext,
    prepared: PreparedAnswers,
    now: Date,
  ): Promise<SubmitOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.findByClientId(
        manager,
        principal.keyId,
        request.clientSubmissionId,
        true,
      );
      if (!current) {
        // Erased between the two statements: nothing of it is left to update.
        throw conflict(
          `clientSubmissionId "${request.clientSubmissionId}" was erased while it was being submitted again; retry with a new clientSubmissionId`,
        );
      }
      const replay = replayOf(current, requestHash, request);
      if (replay) return replay;
      sameContextOrConflict(current, context, request);
      Object.assign(current, {
        status: request.status,
        answers: prepared.answers,
        derived: prepared.derived,
        redactions: prepared.redactions,
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
    request: SubmitRequest,
    requestHash: string,
    problems: Problem[],
  ): Promise<SubmitOutcome> {
    const earlier = await this.findByClientId(
      this.dataSource.manager,
      principal.keyId,
      request.clientSubmissionId,
    );
    return (earlier && replayOf(earlier, requestHash, request)) || rejected(...problems);
  }

  /** Common validation, the kind's checks, anonymisation and derived values; no I/O. */
  prepare(
    definition: InstrumentDefinition,
    answers: unknown,
    status: 'DRAFT' | 'COMPLETE',
  ): PreparedAnswers | { errors: Problem[] } {
    const unstorable = firstNulPath(answers, '');
    if (unstorable !== undefined) {
      return {
        errors: [
          {
            path: unstorable,
            code: 'INVALID_VALUE',
            message: 'Text cannot contain the NUL character (U+0000)',
          },
        ],
      };
    }
    const problems = this.instruments.checkAnswers(definition, answers, status);
    if (problems.length) return { errors: problems };
    const anonymised = anonymiseAnswers(definition, answers as JsonObject);
    if (anonymised.rejected.length) {
      return {
        errors: anonymised.rejected.map((value) => ({
          path: value.path,
          code: 'INVALID_VALUE',
          message: `This value cannot be generalised as the field declares (${value.reason})`,
        })),
      };
    }
    const plugin = this.plugins.get(definition.kind);
    // Derived from the anonymised answers: only what is stored can be derived.
    const derived =
      status === 'COMPLETE' && plugin?.derive ? plugin.derive(definition, anonymised.answers) : {};
    return { answers: anonymised.answers, derived, redactions: anonymised.redactions };
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
function replayOf(
  earlier: SubmissionEntity,
  requestHash: string,
  request: SubmitRequest,
): SubmitOutcome | undefined {
  if (earlier.requestHash === requestHash) {
    return { accepted: true, submission: earlier, duplicate: true, redactions: earlier.redactions };
  }
  if (earlier.status === 'DRAFT') return undefined;
  throw conflict(
    `clientSubmissionId "${request.clientSubmissionId}" was already used for a complete submission with other content; use a new clientSubmissionId`,
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
      `The draft "${request.clientSubmissionId}" belongs to another instrument, campaign, phase, pair or participant; complete it in the same context`,
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
function firstNulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return path || '(a key)';
    const found = firstNulPath(item, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
