import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { phaseIsOpen } from '@observatory/campaigns';
import { derivedKey, RUNTIME, type Runtime } from '@observatory/config';
import { badInput, DomainError, notFound } from '@observatory/errors';
import type { Problem } from '@observatory/instrument-sdk';
import { InstrumentService } from '@observatory/instruments';
import {
  CampaignEntity,
  type CampaignBranch,
  type InstrumentVersionEntity,
} from '@observatory/persistence';
import {
  anonymousTokenHash,
  DEFAULT_TOKEN_VALID_DAYS,
  generateAnonymousToken,
  INVALID_TOKEN,
  INVALID_TOKEN_MESSAGE,
  MAX_TOKEN_VALID_DAYS,
  TOKEN_KEY_PURPOSE,
} from './anonymous-token';
import { poolLock } from './mixing-plan';
import { POOL_KEY_PURPOSE, sealAnswer, type PoolAddress } from './sealed-answer';
import { SubmissionContextReader } from './submission-context';
import { rejected, type AnonymousSubmitRequest, type SubmitOutcome } from './submission-request';
import { isoDay, SubmissionService } from './submission.service';

export const MAX_TOKENS_PER_CALL = 1000;
const ROLES = ['MEDIATOR', 'PROFESSIONAL'] as const;

/** What a redeemable token is for. */
interface TokenTarget {
  campaignKey: string;
  instrumentKey: string;
  expiresAt: Date;
}

export interface PhaseChoice {
  key: string;
  title: string;
  closesAt: Date | null;
}

/** Everything a participant's device needs, given only a token. */
export interface AnonymousForm {
  campaign: { key: string; title: string; branches: CampaignBranch[] };
  /** The newest published version (its public view: never the answer key). */
  version: InstrumentVersionEntity;
  /** Phases of the campaign open now that use the instrument (usually one). */
  phases: PhaseChoice[];
  /** Whether an answer can be given now. */
  open: boolean;
  respondentRoles: string[];
  tokenExpiresAt: Date;
}

const invalidToken = (): Problem => ({
  path: 'token',
  code: INVALID_TOKEN,
  message: INVALID_TOKEN_MESSAGE,
});

/**
 * The unlinkable skills test. An admin issues one-time tokens; a respondent's device, knowing only
 * its token, reads the form and submits. The answer is sealed into a mixing pool in the
 * transaction that spends the token; the mixing job (AnonymousMixer) later stores it in a batch of
 * answers, in random order, in a transaction of its own. So an answer and its token are never
 * written together, and nothing stored orders or times answers one by one (docs/submissions.md).
 */
@Injectable()
export class AnonymousSubmissionService {
  private readonly tokenKey: Buffer;
  private readonly poolKey: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME) runtime: Runtime,
    private readonly instruments: InstrumentService,
    private readonly submissions: SubmissionService,
    private readonly contexts: SubmissionContextReader,
  ) {
    this.tokenKey = derivedKey(runtime.config, TOKEN_KEY_PURPOSE);
    this.poolKey = derivedKey(runtime.config, POOL_KEY_PURPOSE);
  }

  async issueTokens(
    campaignKey: string,
    instrumentKey: string,
    count: number,
    validDays = DEFAULT_TOKEN_VALID_DAYS,
    now = new Date(),
  ): Promise<string[]> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_TOKENS_PER_CALL) {
      throw badInput(`count must be between 1 and ${MAX_TOKENS_PER_CALL}`);
    }
    if (!Number.isInteger(validDays) || validDays < 1 || validDays > MAX_TOKEN_VALID_DAYS) {
      throw badInput(`validDays must be between 1 and ${MAX_TOKEN_VALID_DAYS}`);
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
    const rows = tokens
      .map((token) => ({
        tokenHash: anonymousTokenHash(this.tokenKey, token),
        campaignKey,
        instrumentKey,
        issuedOn: isoDay(now),
        expiresAt: new Date(now.getTime() + validDays * 86_400_000),
        spent: false,
      }))
      // In hash order, which is random, not in the order of the list handed out: the table's
      // physical order must not tell a token's place in the list.
      .sort((a, b) => (a.tokenHash < b.tokenHash ? -1 : 1));
    await this.dataSource.query(
      `INSERT INTO anonymous_token (token_hash, campaign_key, instrument_key, issued_on, expires_at, spent)
       SELECT h, $2, $3, $4, $5, false FROM unnest($1::text[]) WITH ORDINALITY AS t(h, n) ORDER BY n`,
      [
        rows.map((row) => row.tokenHash),
        campaignKey,
        instrumentKey,
        rows[0].issuedOn,
        rows[0].expiresAt,
      ],
    );
    return tokens;
  }

  /** The form a token opens. Refused alike (INVALID_TOKEN) for unknown, used and expired tokens. */
  async form(token: string, now = new Date()): Promise<AnonymousForm> {
    const target = await this.redeemable(token);
    if (!target) throw new DomainError(INVALID_TOKEN, INVALID_TOKEN_MESSAGE);
    const [campaign, versions, phases] = await Promise.all([
      this.dataSource.manager.findOneByOrFail(CampaignEntity, { key: target.campaignKey }),
      this.instruments.versions(target.instrumentKey),
      this.phasesUsing(target),
    ]);
    const version = versions.find((v) => v.status === 'PUBLISHED');
    if (!version) throw notFound(`"${target.instrumentKey}" has no published version`);
    const open = phases.all.filter((phase) => phaseIsOpen(phase, now));
    return {
      campaign: { key: campaign.key, title: campaign.title, branches: campaign.branches },
      version,
      phases: open.map(({ key, title, closesAt }) => ({ key, title, closesAt })),
      open: phases.campaignPhases === 0 || open.length > 0,
      respondentRoles: version.definition.respondentRoles ?? [...ROLES],
      tokenExpiresAt: target.expiresAt,
    };
  }

  /**
   * Validates the answers (a rejection does not burn the token), then, in one transaction, spends
   * the token and puts the sealed answer in the pool. Fields older clients send besides the token
   * (instrument, campaign) are accepted when they are the token's, else the token is refused.
   */
  async submit(request: AnonymousSubmitRequest, now = new Date()): Promise<SubmitOutcome> {
    const target = await this.redeemable(request.token);
    if (
      !target ||
      (request.instrumentKey && request.instrumentKey !== target.instrumentKey) ||
      (request.campaignKey && request.campaignKey !== target.campaignKey)
    ) {
      return rejected(invalidToken());
    }
    const choice = await this.phaseChoice(target, request.phase ?? null, now);
    if ('problem' in choice) return rejected(choice.problem);
    const version = request.version ?? (await this.newestPublished(target.instrumentKey));
    if (!version) {
      return rejected({
        path: 'version',
        code: 'VERSION_RETIRED',
        message: `Every version of "${target.instrumentKey}" is retired`,
      });
    }
    const { context, problems } = await this.contexts.resolve(
      {
        instrumentKey: target.instrumentKey,
        version,
        campaignKey: target.campaignKey,
        phase: choice.phase,
        branch: request.branch ?? null,
        respondentRole: request.respondentRole ?? null,
      },
      { anonymous: true, now },
    );
    if (!context) return rejected(...problems);
    const prepared = this.submissions.prepare(context.definition, request.answers, 'COMPLETE');
    if ('errors' in prepared) return rejected(...prepared.errors);

    const address: PoolAddress = {
      campaignKey: target.campaignKey,
      instrumentKey: target.instrumentKey,
      phaseKey: choice.phase,
      version,
    };
    const pooled = {
      id: randomUUID(),
      answers: prepared.answers,
      derived: prepared.derived,
      redactions: prepared.redactions,
      scrubberVersion: prepared.scrubberVersion,
      branch: context.branch,
      respondentRole: context.respondentRole,
    };
    const pooledNow = await this.spendAndPool(
      anonymousTokenHash(this.tokenKey, request.token),
      address,
      sealAnswer(this.poolKey, address, pooled),
    );
    if (!pooledNow) {
      // Used by a concurrent request, expired, or the phase closed in the meantime.
      if (context.phase && !phaseIsOpen(context.phase, new Date())) {
        return rejected({ path: 'phase', code: 'PHASE_CLOSED', message: 'The phase has closed' });
      }
      return rejected(invalidToken());
    }
    return {
      accepted: true,
      duplicate: false,
      redactions: prepared.redactions,
      // As it will be stored once mixed; `submittedOn` will be the day of the mixing.
      submission: {
        ...pooled,
        apiKeyId: null,
        clientSubmissionId: null,
        requestHash: null,
        instrumentKey: target.instrumentKey,
        instrumentVersion: version,
        campaignKey: target.campaignKey,
        phaseKey: choice.phase,
        pairId: null,
        participantId: null,
        status: 'COMPLETE',
        anonymous: true,
        submittedOn: isoDay(now),
        createdAt: null,
        updatedAt: null,
      },
    };
  }

  /**
   * Spends the token and pools the answer, or does neither. Under the pool's shared lock, so a
   * mixing that found the phase closed (or no usable token left) and stored the last batch is
   * never followed by a straggler alone in a batch of its own; the phase and the expiry are
   * checked by the database clock after that lock is held.
   */
  private spendAndPool(tokenHash: string, address: PoolAddress, sealed: Buffer): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [poolLock(address)]);
      const rows: unknown[] = await manager.query(
        `WITH spent AS (
           UPDATE anonymous_token t SET spent = true
            WHERE t.token_hash = $1 AND NOT t.spent AND t.expires_at > clock_timestamp()
              AND ($2::text IS NULL OR EXISTS (
                SELECT 1 FROM campaign_phase p
                 WHERE p.campaign_key = t.campaign_key AND p.key = $2
                   AND (p.opens_at IS NULL OR p.opens_at <= clock_timestamp())
                   AND (p.closes_at IS NULL OR p.closes_at >= clock_timestamp())))
           RETURNING t.campaign_key, t.instrument_key
         )
         INSERT INTO anonymous_answer_pool (campaign_key, instrument_key, phase_key, instrument_version, sealed)
         SELECT campaign_key, instrument_key, $2, $3, $4 FROM spent
         RETURNING 1`,
        [tokenHash, address.phaseKey, address.version, sealed],
      );
      return rows.length === 1;
    });
  }

  /**
   * The campaign and instrument of a token that can still be used, or null. One primary-key
   * lookup whatever the token, so that a refusal is cheap and takes the same path for an unknown,
   * a used and an expired token (a used one is deleted by the next mixing anyway).
   */
  private async redeemable(token: string): Promise<TokenTarget | null> {
    const [row]: { campaign_key: string; instrument_key: string; expires_at: Date }[] =
      await this.dataSource.query(
        `SELECT campaign_key, instrument_key, expires_at FROM anonymous_token
          WHERE token_hash = $1 AND NOT spent AND expires_at > clock_timestamp()`,
        [anonymousTokenHash(this.tokenKey, token)],
      );
    return row
      ? {
          campaignKey: row.campaign_key,
          instrumentKey: row.instrument_key,
          expiresAt: row.expires_at,
        }
      : null;
  }

  private async newestPublished(instrumentKey: string): Promise<string | undefined> {
    const versions = await this.instruments.versions(instrumentKey);
    return versions.find((version) => version.status === 'PUBLISHED')?.version;
  }

  /** The phases of the token's campaign that use its instrument, and how many it has in all. */
  private async phasesUsing(
    target: TokenTarget,
  ): Promise<{ all: (PhaseChoice & { opensAt: Date | null })[]; campaignPhases: number }> {
    const rows: {
      key: string;
      title: string;
      opens_at: Date | null;
      closes_at: Date | null;
      uses: boolean;
    }[] = await this.dataSource.query(
      `SELECT key, title, opens_at, closes_at, $2 = ANY(instrument_keys) AS uses
         FROM campaign_phase WHERE campaign_key = $1 ORDER BY position`,
      [target.campaignKey, target.instrumentKey],
    );
    return {
      all: rows
        .filter((row) => row.uses)
        .map((row) => ({
          key: row.key,
          title: row.title,
          opensAt: row.opens_at,
          closesAt: row.closes_at,
        })),
      campaignPhases: rows.length,
    };
  }

  /**
   * The phase an answer goes to: the one asked for (checked with the rest of the context), else
   * the only open phase that uses the instrument; none for a campaign without phases.
   */
  private async phaseChoice(
    target: TokenTarget,
    asked: string | null,
    now: Date,
  ): Promise<{ phase: string | null } | { problem: Problem }> {
    if (asked) return { phase: asked };
    const phases = await this.phasesUsing(target);
    if (phases.campaignPhases === 0) return { phase: null };
    const open = phases.all.filter((phase) => phaseIsOpen(phase, now));
    if (open.length === 1) return { phase: open[0].key };
    return open.length === 0
      ? {
          problem: {
            path: 'phase',
            code: 'PHASE_CLOSED',
            message: 'No phase of the campaign that uses this instrument is open now',
          },
        }
      : {
          problem: {
            path: 'phase',
            code: 'MISSING_CONTEXT',
            message: `Several phases are open (${open.map((p) => p.key).join(', ')}): say which one (phase)`,
          },
        };
  }
}
