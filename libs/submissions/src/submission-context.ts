import type { EntityManager } from 'typeorm';
import { phaseIsOpen } from '../../campaigns/src/campaign.service';
import type { Problem } from '../../instrument-sdk/src';
import {
  CampaignEntity,
  CampaignPhaseEntity,
  InstrumentEntity,
  InstrumentVersionEntity,
  PairEntity,
  ParticipantEntity,
} from '../../persistence/src';

const ROLES = ['MEDIATOR', 'PROFESSIONAL'];

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

export interface SubmissionContext {
  version: InstrumentVersionEntity;
  campaign: CampaignEntity;
  phase: CampaignPhaseEntity | null;
  pair: PairEntity | null;
  participant: ParticipantEntity | null;
  respondentRole: string | null;
  branch: string | null;
}

const problem = (path: string, code: string, message: string): Problem => ({ path, code, message });

/**
 * Resolves where a submission belongs and checks it fits: the published version, the campaign,
 * the phase and its window, the pair and participant, the respondent role. Every problem is
 * returned (as `SubmissionRejected` errors), located by the name of the input field.
 */
export async function resolveSubmissionContext(
  manager: EntityManager,
  input: SubmissionContextInput,
  options: { anonymous: boolean; now: Date },
): Promise<{ context?: SubmissionContext; problems: Problem[] }> {
  const problems: Problem[] = [];
  const version = await manager.findOneBy(InstrumentVersionEntity, {
    instrumentKey: input.instrumentKey,
    version: input.version,
  });
  if (!version) {
    const instrument = await manager.findOneBy(InstrumentEntity, { key: input.instrumentKey });
    problems.push(
      instrument
        ? problem(
            'version',
            'UNKNOWN_VERSION',
            `Instrument "${input.instrumentKey}" has no version "${input.version}"`,
          )
        : problem('instrumentKey', 'UNKNOWN_INSTRUMENT', `No instrument "${input.instrumentKey}"`),
    );
  } else if (version.status === 'RETIRED') {
    problems.push(
      problem(
        'version',
        'VERSION_RETIRED',
        `Version ${input.version} of "${input.instrumentKey}" is retired; submit to a published version`,
      ),
    );
  } else if (Boolean(version.definition.anonymous) !== options.anonymous) {
    problems.push(
      options.anonymous
        ? problem(
            'instrumentKey',
            'NOT_ANONYMOUS',
            `"${input.instrumentKey}" is not an anonymous instrument: use submit with an API key`,
          )
        : problem(
            'instrumentKey',
            'ANONYMOUS_INSTRUMENT',
            `"${input.instrumentKey}" is anonymous: use submitAnonymous with a one-time token`,
          ),
    );
  }

  const campaign = await manager.findOneBy(CampaignEntity, { key: input.campaignKey });
  if (!campaign) {
    problems.push(problem('campaignKey', 'UNKNOWN_CAMPAIGN', `No campaign "${input.campaignKey}"`));
    return { problems };
  }

  let phase: CampaignPhaseEntity | null = null;
  if (input.phase) {
    phase = await manager.findOneBy(CampaignPhaseEntity, {
      campaignKey: campaign.key,
      key: input.phase,
    });
    if (!phase) {
      problems.push(
        problem(
          'phase',
          'UNKNOWN_PHASE',
          `Campaign "${campaign.key}" has no phase "${input.phase}"`,
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
            `Phase "${phase.key}" does not use "${input.instrumentKey}" (it uses ${phase.instrumentKeys.join(', ') || 'none'})`,
          ),
        );
      }
    }
  } else if ((await manager.countBy(CampaignPhaseEntity, { campaignKey: campaign.key })) > 0) {
    problems.push(
      problem(
        'phase',
        'MISSING_CONTEXT',
        `Campaign "${campaign.key}" has phases: say which one (phase)`,
      ),
    );
  }

  let pair: PairEntity | null = null;
  if (input.pairCode) {
    pair = await manager.findOneBy(PairEntity, { campaignKey: campaign.key, code: input.pairCode });
    if (!pair)
      problems.push(
        problem(
          'pairCode',
          'UNKNOWN_PAIR',
          `Campaign "${campaign.key}" has no pair "${input.pairCode}"`,
        ),
      );
  }
  let participant: ParticipantEntity | null = null;
  if (input.participantCode) {
    participant = await manager.findOneBy(ParticipantEntity, {
      campaignKey: campaign.key,
      code: input.participantCode,
    });
    if (!participant) {
      problems.push(
        problem(
          'participantCode',
          'UNKNOWN_PARTICIPANT',
          `Campaign "${campaign.key}" has no participant "${input.participantCode}"`,
        ),
      );
    }
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
        `"${input.instrumentKey}" is answered by ${allowed.join(' or ')}`,
      ),
    );
  }

  let branch = input.branch ?? participant?.branch ?? null;
  if (!branch && pair) {
    branch = (await manager.findOneBy(ParticipantEntity, { id: pair.mediatorId }))?.branch ?? null;
  }
  if (
    input.branch &&
    campaign.branches.length > 0 &&
    !campaign.branches.some((b) => b.key === input.branch)
  ) {
    problems.push(
      problem(
        'branch',
        'UNKNOWN_BRANCH',
        `Campaign "${campaign.key}" has no branch "${input.branch}"`,
      ),
    );
  }

  if (problems.length || !version) return { problems };
  return {
    context: { version, campaign, phase, pair, participant, respondentRole, branch },
    problems,
  };
}
