import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { quoteInput } from '@observatory/anonymisation';
import { phaseIsOpen } from '@observatory/campaigns';
import type { InstrumentDefinition, Problem } from '@observatory/instrument-sdk';
import { preparedQuery, type CampaignBranch } from '@observatory/persistence';

const ROLES = ['MEDIATOR', 'PROFESSIONAL'];
/** Published definitions kept in memory; they never change once published (checksum). */
const DEFINITION_CACHE_SIZE = 256;

export interface SubmissionContextInput {
  instrumentKey: string;
  version: string;
  campaignKey: string;
  phase?: string | null;
  pairCode?: string | null;
  participantCode?: string | null;
  respondentRole?: string | null;
  branch?: string | null;
}

export interface PhaseRecord {
  key: string;
  opensAt: Date | null;
  closesAt: Date | null;
  instrumentKeys: string[];
}

export interface PairRecord {
  id: string;
  code: string;
  mediatorId: string;
  professionalId: string;
  /** The branch of the pair's mediator, the pair's branch when the submission names none. */
  mediatorBranch: string | null;
}

export interface ParticipantRecord {
  id: string;
  code: string;
  role: string;
  branch: string | null;
}

/** Everything a submission's context is checked against, as one query reads it. */
export interface ContextRecord {
  version: { status: string; definition: InstrumentDefinition } | null;
  instrumentExists: boolean;
  campaign: { key: string; branches: CampaignBranch[] } | null;
  phase: PhaseRecord | null;
  phaseCount: number;
  pair: PairRecord | null;
  participant: ParticipantRecord | null;
}

export interface SubmissionContext {
  definition: InstrumentDefinition;
  phase: PhaseRecord | null;
  pair: PairRecord | null;
  participant: ParticipantRecord | null;
  respondentRole: string | null;
  branch: string | null;
}

interface ContextRow {
  version: { status: string; checksum: string; definition: InstrumentDefinition | null } | null;
  instrument_exists: boolean;
  campaign: ContextRecord['campaign'];
  phase: {
    key: string;
    opensAt: string | null;
    closesAt: string | null;
    instrumentKeys: string[];
  } | null;
  phase_count: number;
  pair: PairRecord | null;
  participant: ParticipantRecord | null;
}

/**
 * Reads the context of a submission in one round trip (a submit is mostly waiting on the database,
 * so every query saved counts), keeping published definitions in memory: the query sends a
 * definition back only when the cached one is missing or its checksum differs.
 */
@Injectable()
export class SubmissionContextReader {
  private readonly definitions = new Map<
    string,
    { checksum: string; definition: InstrumentDefinition }
  >();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async resolve(
    input: SubmissionContextInput,
    options: { anonymous: boolean; now: Date },
  ): Promise<{ context?: SubmissionContext; problems: Problem[] }> {
    return checkSubmissionContext(await this.read(input), input, options);
  }

  async read(input: SubmissionContextInput): Promise<ContextRecord> {
    const cacheKey = `${input.instrumentKey}@${input.version}`;
    const cached = this.definitions.get(cacheKey);
    const [row] = await preparedQuery<ContextRow>(
      this.dataSource,
      'submission-context',
      `SELECT
         (SELECT json_build_object('status', v.status, 'checksum', v.checksum,
                   'definition', CASE WHEN v.checksum = $7 THEN NULL ELSE v.definition END)
            FROM instrument_version v WHERE v.instrument_key = $1 AND v.version = $2) AS version,
         EXISTS (SELECT 1 FROM instrument i WHERE i.key = $1) AS instrument_exists,
         (SELECT json_build_object('key', c.key, 'branches', c.branches)
            FROM campaign c WHERE c.key = $3) AS campaign,
         (SELECT json_build_object('key', p.key, 'opensAt', p.opens_at, 'closesAt', p.closes_at,
                   'instrumentKeys', p.instrument_keys)
            FROM campaign_phase p WHERE p.campaign_key = $3 AND p.key = $4) AS phase,
         (SELECT count(*)::int FROM campaign_phase p WHERE p.campaign_key = $3) AS phase_count,
         (SELECT json_build_object('id', r.id, 'code', r.code, 'mediatorId', r.mediator_id,
                   'professionalId', r.professional_id, 'mediatorBranch', m.branch)
            FROM pair r LEFT JOIN participant m ON m.id = r.mediator_id
           WHERE r.campaign_key = $3 AND r.code = $5) AS pair,
         (SELECT json_build_object('id', t.id, 'code', t.code, 'role', t.role, 'branch', t.branch)
            FROM participant t WHERE t.campaign_key = $3 AND t.code = $6) AS participant`,
      [
        input.instrumentKey,
        input.version,
        input.campaignKey,
        input.phase ?? null,
        input.pairCode ?? null,
        input.participantCode ?? null,
        cached?.checksum ?? null,
      ],
    );
    let version: ContextRecord['version'] = null;
    if (row.version) {
      let definition = row.version.definition;
      if (definition) this.remember(cacheKey, row.version.checksum, definition);
      else definition = cached!.definition;
      version = { status: row.version.status, definition };
    }
    const phase = row.phase && {
      ...row.phase,
      opensAt: row.phase.opensAt === null ? null : new Date(row.phase.opensAt),
      closesAt: row.phase.closesAt === null ? null : new Date(row.phase.closesAt),
    };
    return {
      version,
      instrumentExists: row.instrument_exists,
      campaign: row.campaign,
      phase,
      phaseCount: row.phase_count,
      pair: row.pair,
      participant: row.participant,
    };
  }

  private remember(key: string, checksum: string, definition: InstrumentDefinition): void {
    this.definitions.delete(key);
    if (this.definitions.size >= DEFINITION_CACHE_SIZE) {
      this.definitions.delete(this.definitions.keys().next().value!);
    }
    this.definitions.set(key, { checksum, definition });
  }
}

const problem = (path: string, code: string, message: string): Problem => ({ path, code, message });

/**
 * Checks that a submission fits where it says it belongs: the published version, the campaign,
 * the phase and its window, the pair and participant, the respondent role, the branch. Every
 * problem is returned (as `SubmissionRejected` errors), located by the name of the input field.
 */
export function checkSubmissionContext(
  record: ContextRecord,
  input: SubmissionContextInput,
  options: { anonymous: boolean; now: Date },
): { context?: SubmissionContext; problems: Problem[] } {
  const problems: Problem[] = [];
  const { version, campaign, phase, pair, participant } = record;
  if (!version) {
    problems.push(
      record.instrumentExists
        ? problem(
            'version',
            'UNKNOWN_VERSION',
            `Instrument ${quoteInput(input.instrumentKey)} has no version ${quoteInput(input.version)}`,
          )
        : problem(
            'instrumentKey',
            'UNKNOWN_INSTRUMENT',
            `No instrument ${quoteInput(input.instrumentKey)}`,
          ),
    );
  } else if (version.status === 'RETIRED') {
    problems.push(
      problem(
        'version',
        'VERSION_RETIRED',
        `Version ${input.version} of ${quoteInput(input.instrumentKey)} is retired; submit to a published version`,
      ),
    );
  } else if (Boolean(version.definition.anonymous) !== options.anonymous) {
    problems.push(
      options.anonymous
        ? problem(
            'instrumentKey',
            'NOT_ANONYMOUS',
            `${quoteInput(input.instrumentKey)} is not an anonymous instrument: use submit with an API key`,
          )
        : problem(
            'instrumentKey',
            'ANONYMOUS_INSTRUMENT',
            `${quoteInput(input.instrumentKey)} is anonymous: use submitAnonymous with a one-time token`,
          ),
    );
  }

  if (!campaign) {
    problems.push(
      problem('campaignKey', 'UNKNOWN_CAMPAIGN', `No campaign ${quoteInput(input.campaignKey)}`),
    );
    return { problems };
  }

  if (input.phase) {
    if (!phase) {
      problems.push(
        problem(
          'phase',
          'UNKNOWN_PHASE',
          `Campaign "${campaign.key}" has no phase ${quoteInput(input.phase)}`,
        ),
      );
    } else {
      if (!phaseIsOpen(phase, options.now)) {
        problems.push(problem('phase', 'PHASE_CLOSED', `Phase "${phase.key}" is not open now`));
      }
      if (!phase.instrumentKeys.includes(input.instrumentKey)) {
        problems.push(
          problem(
            'instrumentKey',
            'INSTRUMENT_NOT_IN_PHASE',
            `Phase "${phase.key}" does not use ${quoteInput(input.instrumentKey)} (it uses ${phase.instrumentKeys.join(', ') || 'none'})`,
          ),
        );
      }
    }
  } else if (record.phaseCount > 0) {
    problems.push(
      problem(
        'phase',
        'MISSING_CONTEXT',
        `Campaign "${campaign.key}" has phases: say which one (phase)`,
      ),
    );
  }

  if (input.pairCode && !pair) {
    problems.push(
      problem(
        'pairCode',
        'UNKNOWN_PAIR',
        `Campaign "${campaign.key}" has no pair ${quoteInput(input.pairCode)}`,
      ),
    );
  }
  if (input.participantCode && !participant) {
    problems.push(
      problem(
        'participantCode',
        'UNKNOWN_PARTICIPANT',
        `Campaign "${campaign.key}" has no participant ${quoteInput(input.participantCode)}`,
      ),
    );
  }
  if (
    pair &&
    participant &&
    pair.mediatorId !== participant.id &&
    pair.professionalId !== participant.id
  ) {
    problems.push(
      problem(
        'participantCode',
        'PARTICIPANT_NOT_IN_PAIR',
        `Participant "${participant.code}" is not in pair "${pair.code}"`,
      ),
    );
  }

  let respondentRole = input.respondentRole ?? participant?.role ?? null;
  if (respondentRole !== null && !ROLES.includes(respondentRole)) {
    problems.push(
      problem('respondentRole', 'ROLE_MISMATCH', `respondentRole must be MEDIATOR or PROFESSIONAL`),
    );
    respondentRole = null;
  } else if (participant && respondentRole !== participant.role) {
    problems.push(
      problem(
        'respondentRole',
        'ROLE_MISMATCH',
        `Participant "${participant.code}" is a ${participant.role}`,
      ),
    );
  }
  const allowed = version?.definition.respondentRoles;
  if (
    allowed &&
    respondentRole &&
    !allowed.includes(respondentRole as 'MEDIATOR' | 'PROFESSIONAL')
  ) {
    problems.push(
      problem(
        'respondentRole',
        'ROLE_MISMATCH',
        `${quoteInput(input.instrumentKey)} is answered by ${allowed.join(' or ')}`,
      ),
    );
  }

  const branch = input.branch ?? participant?.branch ?? pair?.mediatorBranch ?? null;
  if (
    input.branch &&
    campaign.branches.length > 0 &&
    !campaign.branches.some((b) => b.key === input.branch)
  ) {
    problems.push(
      problem(
        'branch',
        'UNKNOWN_BRANCH',
        `Campaign "${campaign.key}" has no branch ${quoteInput(input.branch)}`,
      ),
    );
  }

  if (problems.length || !version) return { problems };
  return {
    context: {
      definition: version.definition,
      phase,
      pair,
      participant,
      respondentRole,
      branch,
    },
    problems,
  };
}
