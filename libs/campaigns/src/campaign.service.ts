import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, QueryFailedError } from 'typeorm';
import type { Principal } from '@observatory/auth';
import { personalDataProblems } from '@observatory/anonymisation';
import { badInput, conflict, forbidden, notFound, personalData } from '@observatory/errors';
import { InstrumentService } from '@observatory/instruments';
import { CampaignEntity, type CampaignBranch } from '@observatory/persistence';
import { CampaignPhaseEntity, type PhaseSequence } from '@observatory/persistence';
import { PairEntity } from '@observatory/persistence';
import { ParticipantEntity, type ParticipantRole } from '@observatory/persistence';
import {
  campaignProgress,
  type ProgressEntry,
  type ProgressInstrument,
  type SubmissionCount,
} from './campaign-progress';

/** Campaign, phase, branch and sequence keys: lower-case letters, digits and dashes. */
export const CAMPAIGN_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/;
/** Participant codes: pseudonymous, e.g. `M01`, `P-07`, `med_12`. */
export const PARTICIPANT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
export const PARTICIPANT_ROLES: readonly ParticipantRole[] = ['MEDIATOR', 'PROFESSIONAL'];
/** Most participants one `registerParticipants` call takes. */
export const MAX_PARTICIPANTS_PER_CALL = 1000;

const MAX_TITLE = 200;
const MAX_DESCRIPTION = 5000;
const MAX_BRANCHES = 50;
const MAX_PHASES = 50;
const MAX_INSTRUMENTS_PER_PHASE = 50;
const MAX_SEQUENCES_PER_PHASE = 100;
const UNIQUE_VIOLATION = '23505';

export interface NewPhase {
  key: string;
  title: string;
  opensAt?: Date | null;
  closesAt?: Date | null;
  instrumentKeys: string[];
  sequences?: PhaseSequence[] | null;
}

export interface NewCampaign {
  key: string;
  title: string;
  description?: string | null;
  branches?: CampaignBranch[] | null;
  /** In order: the first is position 0. */
  phases: NewPhase[];
}

export interface NewParticipant {
  code: string;
  role: ParticipantRole;
  branch?: string | null;
}

/** A pair with its two participants. */
export interface PairView {
  id: string;
  campaignKey: string;
  code: string;
  mediator: ParticipantEntity;
  professional: ParticipantEntity;
}

/** A problem of an input, by path (`phases[1].closesAt`); never the submitted value. */
export interface InputProblem {
  path: string;
  message: string;
}

/**
 * True when `now` is within [opensAt, closesAt]; an absent bound is open-ended. Both bounds are
 * inclusive.
 */
export function phaseIsOpen(
  phase: Pick<CampaignPhaseEntity, 'opensAt' | 'closesAt'>,
  now: Date = new Date(),
): boolean {
  const time = now.getTime();
  if (phase.opensAt && time < phase.opensAt.getTime()) return false;
  if (phase.closesAt && time > phase.closesAt.getTime()) return false;
  return true;
}

/**
 * Campaigns (studies), their phases, pseudonymous participants and stable pairs.
 *
 * The `find*` methods and `isPhaseOpen` are the stable surface used by other modules
 * (submissions): they return `null` when nothing matches, never throw for a missing row, and do
 * no access check (the caller authorises its principal, e.g. with `isVisibleTo`).
 */
@Injectable()
export class CampaignService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instruments: InstrumentService,
  ) {}

  // ---------------------------------------------------------------- stable lookups

  /** The campaign with this key, or null. */
  findCampaign(key: string): Promise<CampaignEntity | null> {
    return this.dataSource.getRepository(CampaignEntity).findOneBy({ key });
  }

  /** The phase `phaseKey` of campaign `campaignKey`, or null (also when the campaign is unknown). */
  findPhase(campaignKey: string, phaseKey: string): Promise<CampaignPhaseEntity | null> {
    return this.dataSource
      .getRepository(CampaignPhaseEntity)
      .findOneBy({ campaignKey, key: phaseKey });
  }

  /** The participant registered under `code` in the campaign (codes are case-sensitive), or null. */
  findParticipant(campaignKey: string, code: string): Promise<ParticipantEntity | null> {
    return this.dataSource.getRepository(ParticipantEntity).findOneBy({ campaignKey, code });
  }

  /** The pair `code` (`M01+P01`) of the campaign, or null. `mediatorId`/`professionalId` are participant ids. */
  findPair(campaignKey: string, code: string): Promise<PairEntity | null> {
    return this.dataSource.getRepository(PairEntity).findOneBy({ campaignKey, code });
  }

  /** Whether submissions to this phase are accepted at `now` (see `phaseIsOpen`). */
  isPhaseOpen(
    phase: Pick<CampaignPhaseEntity, 'opensAt' | 'closesAt'>,
    now: Date = new Date(),
  ): boolean {
    return phaseIsOpen(phase, now);
  }

  /**
   * Whether `principal` may read campaign `campaignKey`: every ADMIN key, a COLLECTOR key whose
   * `scope.campaignKeys` lists it; PARTNER keys none (until agreements open campaigns to them).
   */
  isVisibleTo(principal: Principal, campaignKey: string): boolean {
    if (principal.role === 'ADMIN') return true;
    if (principal.role === 'COLLECTOR')
      return (principal.scope.campaignKeys ?? []).includes(campaignKey);
    return false;
  }

  // ---------------------------------------------------------------- reading

  /** The campaigns `principal` may see, by key. PARTNER keys are FORBIDDEN. */
  async listFor(principal: Principal): Promise<CampaignEntity[]> {
    assertNotPartner(principal);
    const repository = this.dataSource.getRepository(CampaignEntity);
    if (principal.role === 'ADMIN') return repository.find({ order: { key: 'ASC' } });
    const keys = principal.scope.campaignKeys ?? [];
    if (keys.length === 0) return [];
    return repository.find({ where: { key: In(keys) }, order: { key: 'ASC' } });
  }

  /** One campaign if `principal` may see it; null when unknown or outside a collector's scope. */
  async findFor(principal: Principal, key: string): Promise<CampaignEntity | null> {
    assertNotPartner(principal);
    if (!this.isVisibleTo(principal, key)) return null;
    return this.findCampaign(key);
  }

  /** Phases in order. */
  phases(campaignKey: string): Promise<CampaignPhaseEntity[]> {
    return this.dataSource
      .getRepository(CampaignPhaseEntity)
      .find({ where: { campaignKey }, order: { position: 'ASC' } });
  }

  /** Participants by code. */
  participants(campaignKey: string): Promise<ParticipantEntity[]> {
    return this.dataSource
      .getRepository(ParticipantEntity)
      .find({ where: { campaignKey }, order: { code: 'ASC' } });
  }

  /** Pairs by code, each with its two participants (two queries, whatever the number of pairs). */
  async pairs(campaignKey: string): Promise<PairView[]> {
    const pairs = await this.dataSource
      .getRepository(PairEntity)
      .find({ where: { campaignKey }, order: { code: 'ASC' } });
    if (pairs.length === 0) return [];
    const byId = new Map(
      (await this.participants(campaignKey)).map((participant) => [participant.id, participant]),
    );
    return pairs.flatMap((pair) => {
      const mediator = byId.get(pair.mediatorId);
      const professional = byId.get(pair.professionalId);
      return mediator && professional ? [toPairView(pair, mediator, professional)] : [];
    });
  }

  /**
   * Progress per pair × phase × instrument (see `campaignProgress`), ADMIN only: the counts come
   * from one grouped query over the campaign's submissions.
   */
  async progressFor(principal: Principal, campaignKey: string): Promise<ProgressEntry[]> {
    if (principal.role !== 'ADMIN')
      throw forbidden('Campaign progress is visible to ADMIN keys only');
    return this.progress(campaignKey);
  }

  async progress(campaignKey: string): Promise<ProgressEntry[]> {
    const [phases, pairs, participantCount, rows] = await Promise.all([
      this.phases(campaignKey),
      this.dataSource
        .getRepository(PairEntity)
        .find({ where: { campaignKey }, order: { code: 'ASC' } }),
      this.dataSource.getRepository(ParticipantEntity).countBy({ campaignKey }),
      this.dataSource.query<
        {
          pairId: string | null;
          phaseKey: string | null;
          instrumentKey: string;
          anonymous: boolean;
          status: string;
          count: number;
        }[]
      >(
        `SELECT pair_id AS "pairId", phase_key AS "phaseKey", instrument_key AS "instrumentKey",
                anonymous, status, count(*)::int AS count
           FROM submission
          WHERE campaign_key = $1
          GROUP BY pair_id, phase_key, instrument_key, anonymous, status`,
        [campaignKey],
      ),
    ]);
    const instruments = new Map<string, ProgressInstrument>();
    for (const key of new Set(phases.flatMap((phase) => phase.instrumentKeys))) {
      const [latest] = await this.instruments.versions(key);
      if (latest) {
        instruments.set(key, {
          anonymous: latest.definition.anonymous ?? false,
          respondentRoles: latest.definition.respondentRoles,
        });
      }
    }
    const counts: SubmissionCount[] = rows
      .filter((row) => row.status === 'COMPLETE' || row.status === 'DRAFT')
      .map((row) => ({ ...row, status: row.status as SubmissionCount['status'] }));
    return campaignProgress({ phases, pairs, instruments, participantCount, counts });
  }

  // ---------------------------------------------------------------- writing

  /**
   * Creates a campaign and its phases in one transaction. Every problem of the input is reported
   * at once (BAD_USER_INPUT, `extensions.problems`); an existing key is a CONFLICT.
   */
  async createCampaign(
    input: NewCampaign,
    options: { demo?: boolean } = {},
  ): Promise<CampaignEntity> {
    const problems = checkCampaign(input);
    problems.push(...(await this.unknownInstruments(input.phases)));
    if (problems.length) throw rejected('The campaign is not valid', problems);
    const personal = personalDataProblems(campaignTexts(input));
    if (personal.length) throw personalData(personal);
    try {
      await this.dataSource.transaction(async (manager) => {
        if (await manager.existsBy(CampaignEntity, { key: input.key }))
          throw campaignExists(input.key);
        await manager.insert(CampaignEntity, {
          key: input.key,
          title: input.title.trim(),
          description: input.description?.trim() ?? '',
          branches: (input.branches ?? []).map((b) => ({ key: b.key, title: b.title.trim() })),
          demo: options.demo ?? false,
        });
        await manager.insert(
          CampaignPhaseEntity,
          input.phases.map((phase, position) => ({
            campaignKey: input.key,
            key: phase.key,
            title: phase.title.trim(),
            position,
            opensAt: phase.opensAt ?? null,
            closesAt: phase.closesAt ?? null,
            instrumentKeys: phase.instrumentKeys,
            sequences: (phase.sequences ?? []).map((s) => ({ key: s.key, title: s.title.trim() })),
          })),
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw campaignExists(input.key);
      throw error;
    }
    return (await this.findCampaign(input.key))!;
  }

  /**
   * Registers participants, all or none. Codes must be pseudonymous (never an email or a name);
   * a code given twice or already registered is a CONFLICT naming it.
   */
  async registerParticipants(
    campaignKey: string,
    participants: NewParticipant[],
  ): Promise<ParticipantEntity[]> {
    if (participants.length === 0) throw badInput('participants is empty: give at least one');
    if (participants.length > MAX_PARTICIPANTS_PER_CALL) {
      throw badInput(
        `At most ${MAX_PARTICIPANTS_PER_CALL} participants per call (got ${participants.length}); split the list`,
        { limit: MAX_PARTICIPANTS_PER_CALL },
      );
    }
    const campaign = await this.requireCampaign(campaignKey);
    const personal = personalDataProblems(
      participants.map((participant, index) => ({
        path: `participants[${index}].code`,
        value: participant.code,
        field: 'code' as const,
      })),
    );
    if (personal.length) throw personalData(personal);
    const problems: InputProblem[] = [];
    participants.forEach((participant, index) => {
      const path = `participants[${index}]`;
      const codeProblem = checkParticipantCode(participant.code, `${path}.code`);
      if (codeProblem) problems.push(codeProblem);
      if (!PARTICIPANT_ROLES.includes(participant.role)) {
        problems.push({
          path: `${path}.role`,
          message: `${path}.role must be MEDIATOR or PROFESSIONAL`,
        });
      }
      const branchProblem = checkBranch(campaign, participant.branch, `${path}.branch`);
      if (branchProblem) problems.push(branchProblem);
    });
    if (problems.length) throw rejected('The participants are not valid', problems);

    const seen = new Set<string>();
    const repeated = new Set<string>();
    for (const { code } of participants) (seen.has(code) ? repeated : seen).add(code);
    if (repeated.size) {
      const codes = [...repeated];
      throw conflict(`Participant code(s) given more than once in this call: ${codes.join(', ')}`, {
        codes,
      });
    }

    const codes = participants.map((participant) => participant.code);
    try {
      await this.dataSource.transaction(async (manager) => {
        const existing = await manager.findBy(ParticipantEntity, { campaignKey, code: In(codes) });
        if (existing.length)
          throw alreadyRegistered(
            campaignKey,
            existing.map((p) => p.code),
          );
        await manager.insert(
          ParticipantEntity,
          participants.map((participant) => ({
            campaignKey,
            code: participant.code,
            role: participant.role,
            branch: participant.branch ?? null,
          })),
        );
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Registered concurrently by another call: name what is there now.
      const existing = await this.dataSource
        .getRepository(ParticipantEntity)
        .findBy({ campaignKey, code: In(codes) });
      throw alreadyRegistered(
        campaignKey,
        existing.map((p) => p.code),
      );
    }
    const stored = await this.dataSource
      .getRepository(ParticipantEntity)
      .findBy({ campaignKey, code: In(codes) });
    const byCode = new Map(stored.map((participant) => [participant.code, participant]));
    return codes.map((code) => byCode.get(code)!);
  }

  /**
   * Forms the stable pair `mediatorCode+professionalCode`. The same pair again returns it
   * (idempotent); a participant already in another pair is a CONFLICT, also under concurrent
   * calls (the unique indexes decide, and their violation becomes a CONFLICT).
   */
  async formPair(
    campaignKey: string,
    mediatorCode: string,
    professionalCode: string,
  ): Promise<PairView> {
    const problems = [
      checkParticipantCode(mediatorCode, 'mediatorCode'),
      checkParticipantCode(professionalCode, 'professionalCode'),
    ].filter((problem): problem is InputProblem => problem !== undefined);
    if (problems.length) throw rejected('The pair is not valid', problems);
    // Codes are quoted in the errors below: never one that looks like personal data.
    const personal = personalDataProblems([
      { path: 'mediatorCode', value: mediatorCode, field: 'code' },
      { path: 'professionalCode', value: professionalCode, field: 'code' },
    ]);
    if (personal.length) throw personalData(personal);
    await this.requireCampaign(campaignKey);
    const found = await this.dataSource
      .getRepository(ParticipantEntity)
      .findBy({ campaignKey, code: In([mediatorCode, professionalCode]) });
    const mediator = found.find((p) => p.code === mediatorCode);
    const professional = found.find((p) => p.code === professionalCode);
    for (const [code, participant] of [
      [mediatorCode, mediator],
      [professionalCode, professional],
    ] as const) {
      if (!participant) {
        throw notFound(
          `No participant "${code}" in campaign "${campaignKey}"; register it with registerParticipants first`,
        );
      }
    }
    if (mediator!.role !== 'MEDIATOR') {
      throw badInput(
        `Participant "${mediatorCode}" is a ${mediator!.role}: mediatorCode must name a MEDIATOR`,
      );
    }
    if (professional!.role !== 'PROFESSIONAL') {
      throw badInput(
        `Participant "${professionalCode}" is a ${professional!.role}: professionalCode must name a PROFESSIONAL`,
      );
    }
    const existing = await this.pairWith(campaignKey, mediator!, professional!);
    if (existing) return existing;
    try {
      await this.dataSource.getRepository(PairEntity).insert({
        campaignKey,
        code: `${mediatorCode}+${professionalCode}`,
        mediatorId: mediator!.id,
        professionalId: professional!.id,
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another call paired one of them meanwhile: the same pair is fine, another one is not.
      const now = await this.pairWith(campaignKey, mediator!, professional!);
      if (now) return now;
      throw conflict(
        `Participant "${mediatorCode}" or "${professionalCode}" was paired by a concurrent call; a participant belongs to at most one pair per campaign`,
      );
    }
    return (await this.pairWith(campaignKey, mediator!, professional!))!;
  }

  // ---------------------------------------------------------------- helpers

  private async requireCampaign(key: string): Promise<CampaignEntity> {
    const campaign = await this.findCampaign(key);
    if (!campaign) throw notFound(`No campaign with key "${key}"`);
    return campaign;
  }

  /**
   * The pair of exactly these two participants, or undefined when neither is paired. When one of
   * them is in another pair: CONFLICT naming that pair.
   */
  private async pairWith(
    campaignKey: string,
    mediator: ParticipantEntity,
    professional: ParticipantEntity,
  ): Promise<PairView | undefined> {
    const pairs = await this.dataSource.getRepository(PairEntity).find({
      where: [
        { campaignKey, mediatorId: mediator.id },
        { campaignKey, professionalId: professional.id },
      ],
      order: { code: 'ASC' },
    });
    if (pairs.length === 0) return undefined;
    const same = pairs.find(
      (pair) => pair.mediatorId === mediator.id && pair.professionalId === professional.id,
    );
    if (same) return toPairView(same, mediator, professional);
    const other = pairs[0];
    const taken = other.mediatorId === mediator.id ? mediator : professional;
    throw conflict(
      `Participant "${taken.code}" already belongs to pair "${other.code}" in campaign "${campaignKey}"; a participant belongs to at most one pair per campaign`,
      { pairCode: other.code },
    );
  }

  private async unknownInstruments(phases: readonly NewPhase[]): Promise<InputProblem[]> {
    const problems: InputProblem[] = [];
    const known = new Map<string, boolean>();
    for (const [index, phase] of (phases ?? []).entries()) {
      for (const [position, key] of (phase.instrumentKeys ?? []).entries()) {
        if (!CAMPAIGN_KEY_PATTERN.test(key)) continue; // reported by checkCampaign
        if (!known.has(key)) known.set(key, (await this.instruments.findInstrument(key)) !== null);
        if (!known.get(key)) {
          problems.push({
            path: `phases[${index}].instrumentKeys[${position}]`,
            message: `Unknown instrument "${key}" in phase "${phase.key}"; see the instruments query for the published ones`,
          });
        }
      }
    }
    return problems;
  }
}

function assertNotPartner(principal: Principal): void {
  if (principal.role === 'PARTNER') {
    throw forbidden(
      'PARTNER keys cannot read campaigns; partners query aggregates and exports within their agreement',
    );
  }
}

function toPairView(
  pair: PairEntity,
  mediator: ParticipantEntity,
  professional: ParticipantEntity,
): PairView {
  return { id: pair.id, campaignKey: pair.campaignKey, code: pair.code, mediator, professional };
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: unknown } | undefined)?.code === UNIQUE_VIOLATION
  );
}

function campaignExists(key: string): Error {
  return conflict(`A campaign with key "${key}" already exists`);
}

function alreadyRegistered(campaignKey: string, codes: string[]): Error {
  const sorted = [...codes].sort();
  return conflict(
    `Participant code(s) already registered in campaign "${campaignKey}": ${sorted.join(', ')}`,
    { codes: sorted },
  );
}

/** BAD_USER_INPUT with the first problem in the message and all of them in `extensions.problems`. */
function rejected(message: string, problems: InputProblem[]): Error {
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more, see extensions.problems)` : '';
  return badInput(`${message}: ${problems[0].message}${more}`, { problems });
}

/**
 * Pseudonymous codes only: an email address or something with spaces (a name) is refused with a
 * message that says so, and the value is never echoed.
 */
export function checkParticipantCode(code: string, path: string): InputProblem | undefined {
  if (typeof code !== 'string' || code.length === 0)
    return { path, message: `${path} is empty: give a pseudonymous code such as M01` };
  if (code.includes('@') || /\s/.test(code)) {
    return {
      path,
      message: `${path} must be a pseudonymous code such as M01 or P-07, not an email address or a name: participant codes must be pseudonymous`,
    };
  }
  if (!PARTICIPANT_CODE_PATTERN.test(code)) {
    return {
      path,
      message: `${path} must be a pseudonymous code of 1 to 40 letters, digits, "_" or "-", starting with a letter or digit`,
    };
  }
  return undefined;
}

function checkBranch(
  campaign: CampaignEntity,
  branch: string | null | undefined,
  path: string,
): InputProblem | undefined {
  if (branch === undefined || branch === null) return undefined;
  if (campaign.branches.length) {
    if (campaign.branches.some((b) => b.key === branch)) return undefined;
    return {
      path,
      message: `${path} is not a branch of campaign "${campaign.key}"; its branches are ${campaign.branches.map((b) => b.key).join(', ')}`,
    };
  }
  if (!CAMPAIGN_KEY_PATTERN.test(branch))
    return { path, message: `${path} must be a key: lower-case letters, digits and dashes` };
  return undefined;
}

function checkKey(value: unknown, path: string, problems: InputProblem[]): void {
  if (typeof value !== 'string' || !CAMPAIGN_KEY_PATTERN.test(value)) {
    problems.push({
      path,
      message: `${path} must be 1 to 100 lower-case letters, digits and dashes, starting with a letter or digit`,
    });
  }
}

function checkText(
  value: unknown,
  path: string,
  max: number,
  problems: InputProblem[],
  required = true,
): void {
  if (value === undefined || value === null) {
    if (required) problems.push({ path, message: `${path} is required` });
    return;
  }
  if (typeof value !== 'string') {
    problems.push({ path, message: `${path} must be a string` });
  } else if (required && value.trim().length === 0) {
    problems.push({ path, message: `${path} is empty` });
  } else if (value.length > max) {
    problems.push({ path, message: `${path} is longer than ${max} characters` });
  }
}

function checkUnique(
  keys: readonly string[],
  what: string,
  path: (index: number) => string,
  problems: InputProblem[],
): void {
  const seen = new Set<string>();
  keys.forEach((key, index) => {
    if (typeof key !== 'string' || !CAMPAIGN_KEY_PATTERN.test(key)) return;
    if (seen.has(key))
      problems.push({ path: path(index), message: `${what} "${key}" is declared more than once` });
    seen.add(key);
  });
}

function checkDate(value: unknown, path: string, problems: InputProblem[]): value is Date {
  if (value === undefined || value === null) return false;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    problems.push({ path, message: `${path} must be a date-time (ISO 8601)` });
    return false;
  }
  return true;
}

/** The keys (pseudonymous codes) and labels of a new campaign, to check for personal data. */
function campaignTexts(
  input: NewCampaign,
): { path: string; value: string | null | undefined; field: 'code' | 'label' }[] {
  return [
    { path: 'key', value: input.key, field: 'code' },
    { path: 'title', value: input.title, field: 'label' },
    { path: 'description', value: input.description, field: 'label' },
    ...(input.branches ?? []).flatMap((branch, index) => [
      { path: `branches[${index}].key`, value: branch.key, field: 'code' as const },
      { path: `branches[${index}].title`, value: branch.title, field: 'label' as const },
    ]),
    ...(input.phases ?? []).flatMap((phase, index) => [
      { path: `phases[${index}].key`, value: phase.key, field: 'code' as const },
      { path: `phases[${index}].title`, value: phase.title, field: 'label' as const },
      ...(phase.sequences ?? []).flatMap((sequence, position) => [
        {
          path: `phases[${index}].sequences[${position}].key`,
          value: sequence.key,
          field: 'code' as const,
        },
        {
          path: `phases[${index}].sequences[${position}].title`,
          value: sequence.title,
          field: 'label' as const,
        },
      ]),
    ]),
  ];
}

/** Every problem of a new campaign that can be seen without the database. */
export function checkCampaign(input: NewCampaign): InputProblem[] {
  const problems: InputProblem[] = [];
  checkKey(input.key, 'key', problems);
  checkText(input.title, 'title', MAX_TITLE, problems);
  checkText(input.description, 'description', MAX_DESCRIPTION, problems, false);

  const branches = input.branches ?? [];
  if (branches.length > MAX_BRANCHES)
    problems.push({ path: 'branches', message: `At most ${MAX_BRANCHES} branches` });
  branches.forEach((branch, index) => {
    checkKey(branch.key, `branches[${index}].key`, problems);
    checkText(branch.title, `branches[${index}].title`, MAX_TITLE, problems);
  });
  checkUnique(
    branches.map((b) => b.key),
    'Branch key',
    (index) => `branches[${index}].key`,
    problems,
  );

  const phases = input.phases ?? [];
  if (phases.length === 0)
    problems.push({ path: 'phases', message: 'A campaign needs at least one phase' });
  if (phases.length > MAX_PHASES)
    problems.push({ path: 'phases', message: `At most ${MAX_PHASES} phases` });
  phases.forEach((phase, index) => {
    const path = `phases[${index}]`;
    checkKey(phase.key, `${path}.key`, problems);
    checkText(phase.title, `${path}.title`, MAX_TITLE, problems);
    const opens = checkDate(phase.opensAt, `${path}.opensAt`, problems);
    const closes = checkDate(phase.closesAt, `${path}.closesAt`, problems);
    if (opens && closes && phase.opensAt!.getTime() >= phase.closesAt!.getTime()) {
      problems.push({
        path: `${path}.closesAt`,
        message: `${path}: opensAt must be before closesAt`,
      });
    }
    const instrumentKeys = phase.instrumentKeys ?? [];
    if (instrumentKeys.length > MAX_INSTRUMENTS_PER_PHASE)
      problems.push({
        path: `${path}.instrumentKeys`,
        message: `At most ${MAX_INSTRUMENTS_PER_PHASE} instruments per phase`,
      });
    instrumentKeys.forEach((key, position) =>
      checkKey(key, `${path}.instrumentKeys[${position}]`, problems),
    );
    checkUnique(
      instrumentKeys,
      `In ${path}, instrument`,
      (position) => `${path}.instrumentKeys[${position}]`,
      problems,
    );
    const sequences = phase.sequences ?? [];
    if (sequences.length > MAX_SEQUENCES_PER_PHASE)
      problems.push({
        path: `${path}.sequences`,
        message: `At most ${MAX_SEQUENCES_PER_PHASE} sequences per phase`,
      });
    sequences.forEach((sequence, position) => {
      checkKey(sequence.key, `${path}.sequences[${position}].key`, problems);
      checkText(sequence.title, `${path}.sequences[${position}].title`, MAX_TITLE, problems);
    });
    checkUnique(
      sequences.map((s) => s.key),
      `In ${path}, sequence key`,
      (position) => `${path}.sequences[${position}].key`,
      problems,
    );
  });
  checkUnique(
    phases.map((p) => p.key),
    'Phase key',
    (index) => `phases[${index}].key`,
    problems,
  );
  return problems;
}
