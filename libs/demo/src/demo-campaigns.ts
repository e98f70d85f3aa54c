import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@observatory/auth';
import { RUNTIME, type Runtime } from '@observatory/config';
import { DomainError } from '@observatory/errors';
import { ClientSubmissionIds, SubmissionService } from '@observatory/submissions';
import { CampaignService, type NewCampaign, type NewParticipant } from '@observatory/campaigns';
import { microobsDemoResponses, type DemoResponse } from './microobs-demo-responses';

export interface DemoCampaign {
  campaign: NewCampaign;
  participants: NewParticipant[];
  /** [mediatorCode, professionalCode] */
  pairs: [string, string][];
  /** Synthetic responses, submitted through the normal path (validation, anonymisation, outbox). */
  responses?: readonly DemoResponse[];
}

/**
 * Who submits the demo responses: a fixed key id (no API key has it), so that the
 * (api key, clientSubmissionId) uniqueness makes seeding idempotent, even between two processes.
 */
export const DEMO_SEEDER: Principal = {
  keyId: '00000000-0000-4000-8000-00000000de30',
  name: 'demo data',
  role: 'ADMIN',
  scope: {},
};

const sequences = (titles: string[]) =>
  titles.map((title, index) => ({ key: `s${index + 1}`, title }));

const NOTES_CLEAN_UP =
  'le médiateur met ses notes au propre et le professionnel peut se concentrer sur ses occupations (répondre à des mails, etc.).';

/**
 * TechESS-like: the protocol has 16 mediators and 16 professionals in four professional branches,
 * stable pairs, day 1 (general observation), day 2 (know-how) and a seminar with the anonymous
 * skills test. The demo keeps one pair per branch. The seed does not name the four branches:
 * these branch names are illustrative. Sequence titles are the seed's schedule, word for word.
 */
export const TECHESS_DEMO: DemoCampaign = {
  campaign: {
    key: 'techess-demo',
    title: 'TechESS — démonstration',
    description:
      'Campagne de démonstration (données fictives) sur le modèle du protocole TechESS : binômes médiateur numérique / professionnel de l’ESS, deux journées d’observation et un séminaire de capitalisation avec le test PIC anonyme. Les quatre branches sont illustratives.',
    branches: [
      { key: 'aide-a-domicile', title: 'Aide à domicile' },
      { key: 'insertion', title: "Insertion par l'activité économique" },
      { key: 'animation', title: 'Animation socioculturelle' },
      { key: 'sanitaire-social', title: 'Sanitaire et social' },
    ],
    phases: [
      {
        key: 'day1',
        title: 'Premier jour : observation générale des pratiques',
        instrumentKeys: ['techess-observation-day1', 'techess-debrief'],
        sequences: sequences([
          'Séquence 1 : le professionnel présente la structure, son environnement de travail et ses publics (profils et besoins)',
          `Séquence 2 : ${NOTES_CLEAN_UP}`,
          "Séquence 3 : le professionnel et le médiateur se redisent les objectifs et les principes de l'observation",
          'Séquence 4 : le médiateur observe les pratiques du professionnel en respectant les principes de départ',
          `Séquence 5 : ${NOTES_CLEAN_UP}`,
          'Séquence 6 : le médiateur et le professionnel débriefent ensemble de la journée et des pratiques observées',
        ]),
      },
      {
        key: 'day2',
        title: 'Deuxième journée : observation des savoir-faire',
        instrumentKeys: ['techess-observation-day2', 'techess-debrief'],
        sequences: sequences([
          'Séquence 1 : le médiateur observe les pratiques du professionnel pour identifier les savoir-faire mobilisés',
          `Séquence 2 : ${NOTES_CLEAN_UP}`,
          'Séquence 3 : le médiateur et le professionnel débriefent entre eux des situations vécues, et des savoir-faire mobilisés.',
          'Séquence 4 : le médiateur observe les pratiques du professionnel pour identifier les savoirs-faires mobilisés',
          `Séquence 5 : ${NOTES_CLEAN_UP}`,
          'Séquence 6 : le médiateur et le professionnel débriefent entre eux des situations vécues, et des savoir-faire mobilisés.',
        ]),
      },
      {
        key: 'seminar',
        title: 'Séminaire de capitalisation (test PIC anonyme)',
        instrumentKeys: ['techess-pic-test'],
      },
    ],
  },
  participants: [
    { code: 'M01', role: 'MEDIATOR', branch: 'aide-a-domicile' },
    { code: 'M02', role: 'MEDIATOR', branch: 'insertion' },
    { code: 'M03', role: 'MEDIATOR', branch: 'animation' },
    { code: 'M04', role: 'MEDIATOR', branch: 'sanitaire-social' },
    { code: 'P01', role: 'PROFESSIONAL', branch: 'aide-a-domicile' },
    { code: 'P02', role: 'PROFESSIONAL', branch: 'insertion' },
    { code: 'P03', role: 'PROFESSIONAL', branch: 'animation' },
    { code: 'P04', role: 'PROFESSIONAL', branch: 'sanitaire-social' },
  ],
  pairs: [
    ['M01', 'P01'],
    ['M02', 'P02'],
    ['M03', 'P03'],
    ['M04', 'P04'],
  ],
};

// Dates in Paris time: a window covers its first and last day entirely.
const Q1_Q4_OPENS = new Date('2020-12-07T00:00:00+01:00');
const Q1_Q4_CLOSES = new Date('2021-01-18T23:59:59+01:00');

/**
 * MicroOBS-like: questionnaire waves. Q0 ran from 20/12/2019 to 15/04/2020; the notes give only the
 * span of Q1–Q4 (7 Dec 2020 – 18 Jan 2021), so each of them gets that whole span. These windows
 * are past: the `open-wave` phase has no window, so the demo can be submitted to. Seeded with the
 * report's 95 responses (64 complete, 31 partial) over Q1–Q4: an admin's exact figures give the
 * report's tables (microobs-demo-responses.ts).
 */
export const MICROOBS_DEMO: DemoCampaign = {
  campaign: {
    key: 'microobs-demo',
    title: 'MicroOBS — démonstration',
    description:
      'Campagne de démonstration (données fictives) sur le modèle du micro-observatoire MicroOBS des médiateurs numériques : vagues de questionnaires Q0 à Q4, plus une vague ouverte sans dates pour essayer la saisie.',
    branches: [],
    phases: [
      {
        key: 'q0',
        title: 'Q0',
        opensAt: new Date('2019-12-20T00:00:00+01:00'),
        closesAt: new Date('2020-04-15T23:59:59+02:00'),
        instrumentKeys: ['microobs-mediators'],
      },
      ...[1, 2, 3, 4].map((wave) => ({
        key: `q${wave}`,
        title: `Q${wave}`,
        opensAt: Q1_Q4_OPENS,
        closesAt: Q1_Q4_CLOSES,
        instrumentKeys: ['microobs-mediators'],
      })),
      {
        key: 'open-wave',
        title: 'Vague ouverte (démonstration, sans dates)',
        instrumentKeys: ['microobs-mediators'],
      },
    ],
  },
  participants: [],
  pairs: [],
  responses: microobsDemoResponses(),
};

export const DEMO_CAMPAIGNS: readonly DemoCampaign[] = [TECHESS_DEMO, MICROOBS_DEMO];

/**
 * Seeds the demo campaigns at start-up when `DEMO_DATA` is on (the default in embedded mode).
 * Idempotent, step by step: a campaign, participant, pair or response already there is left
 * alone, so a restart (or a start interrupted half-way) ends with the same data. A campaign of the
 * same key that is not a demo (created by an admin) is never touched. Responses go through
 * `SubmissionService.submit` like any other (validated, anonymised, announced to the outbox so
 * that aggregates refresh), as `DEMO_SEEDER`, at their own time (the phase windows are past).
 *
 * It runs in `onApplicationBootstrap` of `DemoModule`, which imports `InstrumentsModule`: Nest
 * runs the hooks of imported modules first, so the built-in instruments are published by then.
 */
@Injectable()
export class DemoCampaigns implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoCampaigns.name);

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly campaigns: CampaignService,
    private readonly submissions: SubmissionService,
    private readonly clientIds: ClientSubmissionIds,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runtime.config.demoData) return;
    const created = await this.seed();
    this.logger.log(
      created.length
        ? `demo campaigns created: ${created.join(', ')}`
        : 'demo campaigns already present',
    );
  }

  /** Creates whatever of the demo campaigns is missing; returns the keys of campaigns created now. */
  async seed(): Promise<string[]> {
    const created: string[] = [];
    for (const demo of DEMO_CAMPAIGNS) {
      if (await this.seedOne(demo)) created.push(demo.campaign.key);
    }
    return created;
  }

  private async seedOne(demo: DemoCampaign): Promise<boolean> {
    const key = demo.campaign.key;
    let created = false;
    const existing = await this.campaigns.findCampaign(key);
    if (existing && !existing.demo) {
      this.logger.warn(`campaign "${key}" exists and is not a demo: demo data left out`);
      return false;
    }
    if (!existing) {
      created = await tolerateConflict(async () => {
        await this.campaigns.createCampaign(demo.campaign, { demo: true });
        return true;
      }, false);
    }
    const registered = new Set((await this.campaigns.participants(key)).map((p) => p.code));
    const missing = demo.participants.filter((p) => !registered.has(p.code));
    if (missing.length) {
      await tolerateConflict(() => this.campaigns.registerParticipants(key, missing), []);
    }
    for (const [mediatorCode, professionalCode] of demo.pairs) {
      await tolerateConflict(
        () => this.campaigns.formPair(key, mediatorCode, professionalCode),
        undefined,
      );
    }
    await this.seedResponses(key, demo.responses ?? []);
    return created;
  }

  /** Submits the responses not stored yet; returns how many were submitted now. */
  async seedResponses(campaignKey: string, responses: readonly DemoResponse[]): Promise<number> {
    if (responses.length === 0) return 0;
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT client_submission_id AS id FROM submission WHERE api_key_id = $1 AND campaign_key = $2`,
      [DEMO_SEEDER.keyId, campaignKey],
    );
    // Stored client ids are keyed hashes (client-submission-id.ts).
    const stored = new Set(rows.map((row) => row.id));
    let submitted = 0;
    for (const response of responses) {
      if (stored.has(this.clientIds.hash(response.clientSubmissionId))) continue;
      const outcome = await this.submissions.submit(
        DEMO_SEEDER,
        {
          clientSubmissionId: response.clientSubmissionId,
          instrumentKey: response.instrumentKey,
          version: response.version,
          campaignKey,
          phase: response.phase,
          respondentRole: response.respondentRole,
          status: response.status,
          answers: response.answers,
        },
        response.submittedAt,
      );
      if (!outcome.accepted) {
        // Paths and codes only: never the answers.
        const problems = outcome.errors.map((error) => `${error.path} ${error.code}`).join(', ');
        throw new Error(`demo response ${response.clientSubmissionId} rejected: ${problems}`);
      }
      if (!outcome.duplicate) submitted += 1;
    }
    if (submitted) this.logger.log(`demo responses submitted to ${campaignKey}: ${submitted}`);
    return submitted;
  }
}

/** Another process seeding at the same time wins the race: its rows are as good as ours. */
async function tolerateConflict<T>(step: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'CONFLICT') return fallback;
    throw error;
  }
}
