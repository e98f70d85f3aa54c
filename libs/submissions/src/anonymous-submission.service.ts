import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { badInput, notFound } from '../../errors/src';
import {
  AnonymousTokenEntity,
  CampaignEntity,
  RedeemedAnonymousTokenEntity,
  SubmissionEntity,
} from '../../persistence/src';
import { InstrumentService } from '../../instruments/src';
import { anonymousTokenHash, generateAnonymousToken } from './anonymous-token';
import { recordOutboxEvent } from './outbox';
import { SubmissionContextReader } from './submission-context';
import { rejected, type AnonymousSubmitRequest, type SubmitOutcome } from './submission-request';
import { announcement, isoDay, SubmissionService } from './submission.service';

export const MAX_TOKENS_PER_CALL = 1000;

/**
 * The unlinkable skills test. A respondent redeems a one-time token; what is stored cannot be
 * linked back to the token, to an API key or to a participant: a random id, the day only, no
 * token or key reference, no client id, and only the cohort the respondent chose (campaign,
 * branch, role). Redeemed tokens move to a table of their own that names no submission.
 */
@Injectable()
export class AnonymousSubmissionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instruments: InstrumentService,
    private readonly submissions: SubmissionService,
    private readonly contexts: SubmissionContextReader,
  ) {}

  async issueTokens(
    campaignKey: string,
    instrumentKey: string,
    count: number,
    now = new Date(),
  ): Promise<string[]> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_TOKENS_PER_CALL) {
      throw badInput(`count must be between 1 and ${MAX_TOKENS_PER_CALL}`);
    }
    if (!(await this.dataSource.manager.existsBy(CampaignEntity, { key: campaignKey }))) {
      throw notFound(`No campaign "${campaignKey}"`);
    }
    const [latest] = await this.instruments.versions(instrumentKey);
    if (!latest) throw notFound(`No instrument "${instrumentKey}"`);
    if (!latest.definition.anonymous) {
      throw badInput(
        `"${instrumentKey}" is not anonymous: its respondents submit with API keys, not tokens`,
      );
    }
    const tokens = Array.from({ length: count }, () => generateAnonymousToken());
    await this.dataSource.manager.insert(
      AnonymousTokenEntity,
      tokens.map((token) => ({
        tokenHash: anonymousTokenHash(token),
        campaignKey,
        instrumentKey,
        issuedOn: isoDay(now),
      })),
    );
    return tokens;
  }

  async submit(request: AnonymousSubmitRequest, now = new Date()): Promise<SubmitOutcome> {
    const { context, problems } = await this.contexts.resolve(request, { anonymous: true, now });
    if (!context) return rejected(...problems);
    const prepared = this.submissions.prepare(context.definition, request.answers, 'COMPLETE');
    if ('errors' in prepared) return rejected(...prepared.errors);

    const tokenHash = anonymousTokenHash(request.token);
    return this.dataSource.transaction(async (manager) => {
      // Consuming the token and storing the answers succeed or fail together: no lost answers, no
      // token used twice (the DELETE … RETURNING serialises concurrent redemptions).
      // (A CTE, because TypeORM returns [rows, count] for a bare DELETE … RETURNING.)
      const [{ consumed }]: { consumed: number }[] = await manager.query(
        `WITH gone AS (
           DELETE FROM anonymous_token WHERE token_hash = $1 AND campaign_key = $2 AND instrument_key = $3 RETURNING 1
         ) SELECT count(*)::int AS consumed FROM gone`,
        [tokenHash, request.campaignKey, request.instrumentKey],
      );
      if (consumed === 0) {
        const used = await manager.existsBy(RedeemedAnonymousTokenEntity, { tokenHash });
        return rejected({
          path: 'token',
          code: used ? 'TOKEN_ALREADY_USED' : 'UNKNOWN_TOKEN',
          message: used
            ? 'This token has already been used: each token allows one submission'
            : 'This token is unknown for this campaign and instrument',
        });
      }
      await manager.insert(RedeemedAnonymousTokenEntity, {
        tokenHash,
        campaignKey: request.campaignKey,
        instrumentKey: request.instrumentKey,
      });
      const submission: SubmissionEntity = {
        id: randomUUID(),
        apiKeyId: null,
        clientSubmissionId: null,
        requestHash: null,
        instrumentKey: request.instrumentKey,
        instrumentVersion: request.version,
        campaignKey: request.campaignKey,
        phaseKey: context.phase?.key ?? null,
        pairId: null,
        participantId: null,
        respondentRole: context.respondentRole,
        branch: request.branch ?? null,
        status: 'COMPLETE',
        anonymous: true,
        answers: prepared.answers,
        derived: prepared.derived,
        redactions: prepared.redactions,
        scrubberVersion: prepared.scrubberVersion,
        submittedOn: isoDay(now),
        createdAt: null,
        updatedAt: null,
        // No transaction id on an anonymous row (see SubmissionEntity.writtenXid): so its event
        // is not additive, and the aggregates recompute instead of applying a delta.
        writtenXid: null,
      };
      await manager.save(SubmissionEntity, submission);
      await recordOutboxEvent(manager, announcement(submission, false));
      return { accepted: true, submission, duplicate: false, redactions: prepared.redactions };
    });
  }
}
