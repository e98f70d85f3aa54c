import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { anonymiseAnswers } from '../../anonymisation/src';
import type { Principal } from '../../auth/src';
import { conflict, forbidden } from '../../errors/src';
import type { InstrumentDefinition, JsonObject, Problem } from '../../instrument-sdk/src';
import { InstrumentService, PluginRegistry } from '../../instruments/src';
import { SubmissionEntity, type StoredRedaction } from '../../persistence/src';
import { recordOutboxEvent, SUBMISSIONS_CHANGED } from './outbox';
import { submitRequestHash } from './request-hash';
import { resolveSubmissionContext, type SubmissionContext } from './submission-context';
import { rejected, type SubmitOutcome, type SubmitRequest } from './submission-request';

const UNIQUE_VIOLATION = '23505';

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
  ) {}

  /**
   * authorise → idempotency → context → validation → anonymisation → one transaction
   * (submission + outbox) → reply. A rejection writes nothing.
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
    const earlier = await this.findByClientId(
      this.dataSource.manager,
      principal.keyId,
      request.clientSubmissionId,
    );
    if (earlier) {
      const replay = replayOf(earlier, requestHash, request);
      if (replay) return replay;
    }

    const { context, problems } = await resolveSubmissionContext(this.dataSource.manager, request, {
      anonymous: false,
      now,
    });
    if (!context) return rejected(...problems);
    const prepared = this.prepare(context.version.definition, request.answers, request.status);
    if ('errors' in prepared) return rejected(...prepared.errors);

    try {
      return await this.dataSource.transaction(async (manager) => {
        const current = await this.findByClientId(
          manager,
          principal.keyId,
          request.clientSubmissionId,
          true,
        );
        if (current) {
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
          if (request.status === 'COMPLETE') await announce(manager, current);
          return {
            accepted: true,
            submission: current,
            duplicate: false,
            redactions: prepared.redactions,
          };
        }
        const submission = manager.create(SubmissionEntity, {
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
        });
        await manager.save(submission);
        if (request.status === 'COMPLETE') await announce(manager, submission);
        return { accepted: true, submission, duplicate: false, redactions: prepared.redactions };
      });
    } catch (error) {
      // A concurrent retry of the same clientSubmissionId won the insert: answer as a retry.
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      ) {
        const winner = await this.findByClientId(
          this.dataSource.manager,
          principal.keyId,
          request.clientSubmissionId,
        );
        const replay = winner && replayOf(winner, requestHash, request);
        if (replay) return replay;
        throw conflict(
          `clientSubmissionId "${request.clientSubmissionId}" was used at the same time with other content`,
        );
      }
      throw error;
    }
  }

  /** Common validation, the kind's checks, anonymisation and derived values; no I/O. */
  prepare(
    definition: InstrumentDefinition,
    answers: unknown,
    status: 'DRAFT' | 'COMPLETE',
  ): PreparedAnswers | { errors: Problem[] } {
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

function announce(manager: EntityManager, submission: SubmissionEntity): Promise<void> {
  return recordOutboxEvent(manager, SUBMISSIONS_CHANGED, {
    instrumentKey: submission.instrumentKey,
    campaignKey: submission.campaignKey,
  });
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
