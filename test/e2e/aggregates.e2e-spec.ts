import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AggregateQueryService } from '@observatory/aggregation';
import { QueueService } from '@observatory/queue';
import { AGGREGATION_QUEUE } from '@observatory/submissions';
import {
  MICROOBS_FIXTURE_CHOICES,
  MICROOBS_REPORT,
  microobsReportResponses,
} from '../fixtures/microobs-report';
import { mixAnonymousAnswers } from '../support/anonymous-mixing';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { seedCampaign } from '../support/campaign-fixture';
import { picAnswers } from '../support/red-team';
import { sampleAnswers } from '../support/sample-answers';
import { createTestApp, errorCodes, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const load = (kind: string, key: string): InstrumentDefinition =>
  JSON.parse(
    fs.readFileSync(path.join(ROOT, 'instruments', kind, 'versions', `${key}@1.0.0.json`), 'utf8'),
  );
const MICROOBS = load('questionnaire', 'microobs-mediators');
const PIC = load('skills-test', 'techess-pic-test');
const DAY2 = load('observation-grid', 'techess-observation-day2');
const DAY2_ANSWERS: Record<string, unknown>[] = [];

const AGGREGATE = `query ($input: AggregateInput!) {
  aggregate(input: $input) {
    instrumentKey field groupBy versions k unit population suppressed reason suppressedCells source computedAt
    release { number createdAt }
    cells { group value count suppressed reason mean median q1 q3 }
  }
}`;

interface Cell {
  group: Record<string, string | null>;
  value: string | null;
  count: number | null;
  suppressed: boolean;
  reason: string | null;
  mean: number | null;
  median: number | null;
}
interface Result {
  k: number;
  source: string;
  release: { number: number; createdAt: string } | null;
  unit: string;
  population: number | null;
  suppressed: boolean;
  reason: string | null;
  suppressedCells: number;
  cells: Cell[];
}

const SUBMIT = `mutation ($input: SubmitInput!) { submit(input: $input) { __typename ... on SubmissionRejected { errors { path code } } } }`;

async function inBatches<T>(
  items: T[],
  size: number,
  work: (item: T, index: number) => Promise<unknown>,
): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map((item, i) => work(item, start + i)));
  }
}

function counts(result: Result): Record<string, number | null> {
  return Object.fromEntries(result.cells.map((cell) => [cell.value ?? '(none)', cell.count]));
}

describe('aggregates under disclosure control', () => {
  let api: TestApp;
  let partnerKey: string;
  let otherPartnerKey: string;

  const aggregate = async (input: Record<string, unknown>, key?: string) => {
    const reply = await api.gql<{ aggregate: Result }>(
      AGGREGATE,
      { input: { instrumentKey: 'microobs-mediators', ...input } },
      key,
    );
    return { reply, result: reply.data?.aggregate };
  };

  /** A release of the instrument now, with whatever changed since the last (admin, forced). */
  const publish = async (instrumentKey: string) => {
    const reply = await api.gql(
      'mutation ($key: String!) { publishAggregateRelease(instrumentKey: $key, force: true) { number } }',
      { key: instrumentKey },
    );
    expect(reply.errors).toBeUndefined();
  };

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'false' });
    // Releases advance only when the tests publish them.
    for (const instrumentKey of [
      'microobs-mediators',
      'techess-observation-day2',
      'techess-pic-test',
    ]) {
      await api.gql(
        'mutation ($input: ReleasePolicyInput!) { setReleasePolicy(input: $input) { schedule } }',
        { input: { instrumentKey, schedule: '0 0 1 1 *' } },
      );
    }
    await seedCampaign(api, {
      key: 'microobs-2020',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });
    await seedCampaign(api, {
      key: 'techess-2023',
      branches: ['aide-a-domicile', 'insertion', 'animation'],
      phases: [
        { key: 'day2', instrumentKeys: ['techess-observation-day2'] },
        { key: 'seminar', instrumentKeys: ['techess-pic-test'] },
      ],
      pairs: [['M01', 'P01']],
    });
    const responses = microobsReportResponses();
    await inBatches(responses, 10, async (response, i) => {
      const reply = await api.gql<{ submit: { __typename: string } }>(SUBMIT, {
        input: {
          clientSubmissionId: `microobs-${i}`,
          instrumentKey: 'microobs-mediators',
          version: '1.0.0',
          campaignKey: 'microobs-2020',
          phase: 'q1',
          status: response.status,
          answers: response.answers,
        },
      });
      expect(reply.data?.submit.__typename).toBe('SubmissionAccepted');
    });
    await publish('microobs-mediators');

    const createPartner = `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key k level } }`;
    const createKey = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`;
    const partner = await api.gql<{ createPartner: { k: number } }>(createPartner, {
      input: {
        key: 'marsouin',
        name: 'M@rsouin',
        level: 'AGGREGATES',
        instrumentKeys: ['microobs-mediators', 'techess-pic-test', 'techess-observation-day2'],
        campaignKeys: ['microobs-2020', 'techess-2023'],
      },
    });
    expect(partner.data?.createPartner.k).toBe(5);
    await api.gql(createPartner, {
      input: {
        key: 'other-hub',
        name: 'Hub',
        level: 'AGGREGATES',
        k: 3,
        instrumentKeys: ['techess-pic-test'],
        campaignKeys: ['techess-2023'],
      },
    });
    partnerKey = (
      await api.gql<{ createApiKey: { secret: string } }>(createKey, {
        input: { name: 'marsouin', role: 'PARTNER', partnerKey: 'marsouin' },
      })
    ).data!.createApiKey.secret;
    otherPartnerKey = (
      await api.gql<{ createApiKey: { secret: string } }>(createKey, {
        input: { name: 'hub', role: 'PARTNER', partnerKey: 'other-hub' },
      })
    ).data!.createApiKey.secret;
  });
  afterAll(() => api.close());

  describe('partners and agreements', () => {
    it('refuses k below 3 and agreements naming unknown things', async () => {
      const create = `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }`;
      const base = {
        key: 'x',
        name: 'X',
        level: 'AGGREGATES',
        instrumentKeys: ['microobs-mediators'],
        campaignKeys: ['microobs-2020'],
      };
      expect(errorCodes(await api.gql(create, { input: { ...base, k: 2 } }))).toEqual([
        'BAD_USER_INPUT',
      ]);
      expect(
        errorCodes(await api.gql(create, { input: { ...base, instrumentKeys: ['nope'] } })),
      ).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await api.gql(create, { input: { ...base, key: 'marsouin' } }))).toEqual([
        'CONFLICT',
      ]);
      expect(errorCodes(await api.gql(create, { input: base }, partnerKey))).toEqual(['FORBIDDEN']);
    });

    it('shows a partner key its own agreement', async () => {
      const reply = await api.gql<{ partner: { key: string; k: number } }>(
        '{ partner { key k level instrumentKeys } }',
        {},
        partnerKey,
      );
      expect(reply.data?.partner).toMatchObject({ key: 'marsouin', k: 5 });
    });

    it('forbids everything outside the agreement', async () => {
      expect(errorCodes((await aggregate({ field: 'diploma' }, otherPartnerKey)).reply)).toEqual([
        'FORBIDDEN',
      ]);
      expect(
        errorCodes(
          (await aggregate({ field: 'diploma', campaignKey: 'techess-2023' }, otherPartnerKey))
            .reply,
        ),
      ).toEqual(['FORBIDDEN']);
      expect(
        errorCodes((await aggregate({ field: 'diploma', unsuppressed: true }, partnerKey)).reply),
      ).toEqual(['FORBIDDEN']);
      const collector = (
        await api.gql<{ createApiKey: { secret: string } }>(
          'mutation { createApiKey(input: { name: "c", role: COLLECTOR, campaignKeys: ["microobs-2020"] }) { secret } }',
        )
      ).data!.createApiKey.secret;
      expect(errorCodes((await aggregate({ field: 'diploma' }, collector)).reply)).toEqual([
        'FORBIDDEN',
      ]);
    });
  });

  describe('the MicroOBS report', () => {
    it('is reproduced exactly by the admin’s unsuppressed figures, drafts left out', async () => {
      const mediationTime = (await aggregate({ field: 'mediationTime', unsuppressed: true }))
        .result!;
      expect(mediationTime.population).toBe(MICROOBS_REPORT.complete);
      expect(counts(mediationTime)).toEqual(MICROOBS_REPORT.mediationTime);
      expect(counts((await aggregate({ field: 'posture', unsuppressed: true })).result!)).toEqual({
        ...MICROOBS_REPORT.posture,
        '(none)':
          MICROOBS_REPORT.complete -
          MICROOBS_REPORT.posture.animator -
          MICROOBS_REPORT.posture.expert,
      });
      const qualities = counts(
        (await aggregate({ field: 'qualities', unsuppressed: true })).result!,
      );
      expect(qualities).toMatchObject(MICROOBS_REPORT.qualities);
      const diploma = counts((await aggregate({ field: 'diploma', unsuppressed: true })).result!);
      expect(diploma).toMatchObject(MICROOBS_REPORT.diploma);
      expect(
        counts((await aggregate({ field: 'computingTraining', unsuppressed: true })).result!).true,
      ).toBe(6);
      expect(
        counts((await aggregate({ field: 'mediationTraining', unsuppressed: true })).result!).true,
      ).toBe(12);
    });

    it('shows a partner with k = 5 the diploma table from a release, every count perturbed, none in 1..4', async () => {
      const { result } = await aggregate({ field: 'diploma' }, partnerKey);
      expect(result).toMatchObject({ k: 5, source: 'release', suppressed: false });
      expect(result!.release).toEqual({ number: 1, createdAt: expect.any(String) });
      expect(Math.abs(result!.population! - 64)).toBeLessThanOrEqual(3);
      const exact = { ...MICROOBS_REPORT.diploma, ...MICROOBS_FIXTURE_CHOICES.diplomaOther };
      for (const cell of result!.cells) {
        expect(cell.suppressed).toBe(false);
        const truth = cell.value === null ? 0 : exact[cell.value as keyof typeof exact];
        // 0 stays 0; 1..4 become 0 or 5; from 5 on, at most D = 3 away.
        if (truth === 0) expect(cell.count).toBe(0);
        else if (truth < 5) expect([0, 5]).toContain(cell.count);
        else expect(Math.abs(cell.count! - truth)).toBeLessThanOrEqual(3);
      }
      // Every option is listed, empty or not: which ones are empty is not given away.
      expect(result!.cells.map((cell) => cell.value)).toEqual([
        'bac',
        'bac-plus-2',
        'cap-bep',
        'doctorate',
        'licence',
        'master',
        'none',
        'other',
        null,
      ]);
      // The same question again: the same figures (same cells, same respondents).
      expect((await aggregate({ field: 'diploma' }, partnerKey)).result).toEqual(result);
    });

    it('protects the groups of a cross-table: dominated groups suppressed, the rest perturbed', async () => {
      const { result } = await aggregate(
        { field: 'posture', groupBy: ['mediationTime'] },
        partnerKey,
      );
      expect(result!.suppressed).toBe(false);
      const admin = (
        await aggregate({ field: 'posture', groupBy: ['mediationTime'], unsuppressed: true })
      ).result!;
      const rows = new Map<string, Cell[]>();
      for (const cell of admin.cells) {
        const key = JSON.stringify(cell.group);
        rows.set(key, [...(rows.get(key) ?? []), cell]);
      }
      for (const [group, cells] of rows) {
        const size = cells.reduce((sum, cell) => sum + cell.count!, 0);
        const largest = Math.max(...cells.map((cell) => cell.count!));
        const published = result!.cells.filter((cell) => JSON.stringify(cell.group) === group);
        if (size < 5) expect(published).toEqual([]);
        else if (size - largest < 5)
          expect(published.every((cell) => cell.suppressed && cell.reason === 'DOMINANCE')).toBe(
            true,
          );
        else expect(published.every((cell) => !cell.suppressed && cell.count !== null)).toBe(true);
      }
      expect(
        result!.cells.filter((cell) => cell.count !== null && cell.count > 0 && cell.count < 5),
      ).toEqual([]);
    });

    it('returns only the fact of suppression when the population is under k', async () => {
      const { result } = await aggregate(
        { field: 'diploma', filters: [{ field: 'gender', values: ['other'] }] },
        partnerKey,
      );
      expect(result).toMatchObject({ suppressed: true, population: null, cells: [] });
      expect(result!.reason).toMatch(/fewer than 5/);
    });

    it('defeats a differencing attack: "everyone but one" is refused once "everyone" was answered', async () => {
      const everyone = (await aggregate({ field: 'diploma' }, partnerKey)).result!;
      expect(everyone.suppressed).toBe(false);
      const allButOne = await aggregate(
        {
          field: 'diploma',
          filters: [{ field: 'gender', values: ['male', 'female', 'undisclosed'] }],
        },
        partnerKey,
      );
      expect(errorCodes(allButOne.reply)).toEqual(['DISCLOSURE_RISK']);
      // A filter that leaves out at least k people is answered.
      const men = (
        await aggregate(
          { field: 'diploma', filters: [{ field: 'gender', values: ['male'] }] },
          partnerKey,
        )
      ).result!;
      expect(men.suppressed).toBe(false);
      expect(Math.abs(men.population! - 43)).toBeLessThanOrEqual(3);
    });

    it('limits filters and groupings to declared dimensions', async () => {
      expect(
        errorCodes(
          (await aggregate({ field: 'diploma', groupBy: ['comments'] }, partnerKey)).reply,
        ),
      ).toEqual(['BAD_USER_INPUT']);
      expect(
        errorCodes(
          (
            await aggregate(
              { field: 'diploma', filters: [{ field: 'postcode', values: ['44'] }] },
              partnerKey,
            )
          ).reply,
        ),
      ).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes((await aggregate({ field: 'comments' }, partnerKey)).reply)).toEqual([
        'BAD_USER_INPUT',
      ]);
      expect(
        errorCodes(
          (
            await aggregate(
              { field: 'diploma', groupBy: ['phase', 'branch', 'version'] },
              partnerKey,
            )
          ).reply,
        ),
      ).toEqual(['BAD_USER_INPUT']);
    });

    it('records every partner query in the audit log, with the suppressed cells', async () => {
      const reply = await api.gql<{
        auditEvents: {
          partnerKey: string;
          action: string;
          suppressedCells: number;
          outcome: string;
          request: { field: string };
        }[];
      }>(
        '{ auditEvents(partnerKey: "marsouin", first: 50) { at apiKeyId role partnerKey action request suppressedCells outcome } }',
      );
      const events = reply.data!.auditEvents;
      expect(events.length).toBeGreaterThanOrEqual(5);
      // Every partner answer names the release it was read from.
      for (const event of events) expect(event.request).toHaveProperty('release');
      expect(events.some((event) => event.outcome === 'SUPPRESSED')).toBe(true);
      // The refused tracker is recorded, with the release it was asked of.
      expect(
        events.some(
          (event) =>
            event.outcome === 'REFUSED' &&
            (event.request as unknown as { release: number }).release === 1,
        ),
      ).toBe(true);
      const adminReads = await api.gql<{ auditEvents: { action: string }[] }>(
        '{ auditEvents(first: 200) { action role } }',
      );
      expect(
        adminReads.data!.auditEvents.some((event) => event.action === 'aggregate.unsuppressed'),
      ).toBe(true);
      expect(errorCodes(await api.gql('{ auditEvents { id } }', {}, partnerKey))).toEqual([
        'FORBIDDEN',
      ]);
    });
  });

  describe('aggregate tables', () => {
    it('answer from the precomputed tables once computed, with the same figures as a live count', async () => {
      const service = api.app.get(AggregateQueryService);
      const admin = {
        keyId: '00000000-0000-4000-8000-000000000000',
        name: 'test',
        role: 'ADMIN' as const,
        scope: {},
      };
      // The tables are used once the jobs have caught up with every outbox event: wait for that.
      const deadline = Date.now() + 20000;
      const probe = {
        instrumentKey: 'microobs-mediators',
        campaignKey: 'microobs-2020',
        field: 'diploma',
      };
      while ((await service.aggregate(admin, probe)).source !== 'precomputed') {
        if (Date.now() > deadline) throw new Error('the aggregate tables did not catch up');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }

      const questions = [
        { field: 'diploma' },
        { field: 'qualities' },
        { field: 'posture', groupBy: ['phase'] },
        { field: 'mediationTime', groupBy: ['version', 'respondentRole'] },
        { field: 'teamWork', filters: [{ field: 'phase', values: ['q1'] }] },
      ];
      for (const question of questions) {
        const input = {
          instrumentKey: 'microobs-mediators',
          campaignKey: 'microobs-2020',
          ...question,
        };
        const precomputed = await service.aggregate(admin, input);
        const live = await service.aggregate(admin, input, { live: true });
        expect(precomputed.source).toBe('precomputed');
        expect(live.source).toBe('live');
        expect({ ...precomputed, source: null, computedAt: null }).toEqual({
          ...live,
          source: null,
          computedAt: null,
        });
      }
    });
  });

  describe('versions', () => {
    it('aggregates a field across versions that keep it, and refuses a retyped one', async () => {
      const publish =
        'mutation ($input: PublishInstrumentVersionInput!) { publishInstrumentVersion(input: $input) { created } }';
      const minor = {
        ...MICROOBS,
        version: '1.1.0',
        fields: [
          ...MICROOBS.fields,
          { key: 'newsletter', type: 'boolean', label: { fr: 'Lettre ?' }, privacy: 'none' },
        ],
      };
      expect(
        (
          await api.gql(publish, {
            input: {
              key: 'microobs-mediators',
              kind: 'questionnaire',
              version: '1.1.0',
              definition: minor,
            },
          })
        ).errors,
      ).toBeUndefined();
      const both = (
        await aggregate({ field: 'diploma', versions: ['1.0.0', '1.1.0'], unsuppressed: true })
      ).result!;
      expect(both.population).toBe(64);
      const major = {
        ...MICROOBS,
        version: '2.0.0',
        fields: MICROOBS.fields.map((field) =>
          field.key === 'diploma'
            ? { key: 'diploma', type: 'short-text', label: field.label, privacy: 'free-text' }
            : field,
        ),
      };
      expect(
        (
          await api.gql(publish, {
            input: {
              key: 'microobs-mediators',
              kind: 'questionnaire',
              version: '2.0.0',
              definition: major,
            },
          })
        ).errors,
      ).toBeUndefined();
      const mismatch = await aggregate({ field: 'diploma', versions: ['1.0.0', '2.0.0'] });
      expect(errorCodes(mismatch.reply)).toEqual(['BAD_USER_INPUT']);
      expect(mismatch.reply.errors![0].message).toMatch(
        /single-choice in 1\.0\.0 but a short-text in 2\.0\.0/,
      );
    });
  });

  describe('repeat blocks and skills-test scores', () => {
    beforeAll(async () => {
      // Seven day-2 grids of three beneficiaries each, and twenty anonymous tests in three cohorts.
      await inBatches([...Array(7).keys()], 7, async (i) => {
        DAY2_ANSWERS[i] = sampleAnswers(DAY2, { fillOptional: true, seed: i });
        const reply = await api.gql<{ submit: { __typename: string } }>(SUBMIT, {
          input: {
            clientSubmissionId: `day2-${i}`,
            instrumentKey: 'techess-observation-day2',
            version: '1.0.0',
            campaignKey: 'techess-2023',
            phase: 'day2',
            pairCode: 'M01+P01',
            participantCode: 'M01',
            answers: DAY2_ANSWERS[i],
          },
        });
        expect(reply.data?.submit.__typename).toBe('SubmissionAccepted');
      });
      const tokens = (
        await api.gql<{ issueAnonymousTokens: string[] }>(
          'mutation { issueAnonymousTokens(campaignKey: "techess-2023", instrumentKey: "techess-pic-test", count: 20) }',
        )
      ).data!.issueAnonymousTokens;
      await inBatches(tokens, 6, async (token, i) => {
        const answers = picAnswers(PIC, 2 + ((i * 7) % 17));
        const reply = await api.gql<{ submitAnonymous: { __typename: string } }>(
          'mutation ($input: AnonymousSubmitInput!) { submitAnonymous(input: $input) { __typename } }',
          {
            input: {
              token,
              instrumentKey: 'techess-pic-test',
              version: '1.0.0',
              campaignKey: 'techess-2023',
              phase: 'seminar',
              branch: i < 12 ? 'insertion' : i < 17 ? 'animation' : 'aide-a-domicile',
              respondentRole: 'MEDIATOR',
              answers,
            },
          },
          null,
        );
        expect(reply.data?.submitAnonymous.__typename).toBe('SubmissionAccepted');
      });
      // Anonymous answers count once the mixing has stored them (every token is used: one batch).
      expect(await mixAnonymousAnswers(api)).toEqual([20]);
      await publish('techess-pic-test');
      await publish('techess-observation-day2');
    });

    it('counts respondents, not beneficiary blocks, in a repeat', async () => {
      const { result } = await aggregate({
        instrumentKey: 'techess-observation-day2',
        field: 'beneficiaries.needs.ageBand',
        unsuppressed: true,
      });
      expect(result!.unit).toBe('submissions');
      // Seven grids of three beneficiaries: seven respondents.
      expect(result!.population).toBe(7);
      // A grid counts once in a cell, however many of its beneficiaries fall there.
      for (const cell of result!.cells) expect(cell.count).toBeLessThanOrEqual(7);
      const blocks = DAY2_ANSWERS.map((answers) =>
        (answers.beneficiaries as { needs: { ageBand?: string } }[]).map(
          (b) => b.needs.ageBand ?? null,
        ),
      );
      for (const cell of result!.cells) {
        expect(cell.count).toBe(blocks.filter((grid) => grid.includes(cell.value)).length);
      }
    });

    it('gives score summaries by cohort: small cohorts left out, means perturbed, quartiles from 10', async () => {
      const { result } = await aggregate(
        {
          instrumentKey: 'techess-pic-test',
          field: 'score.total',
          groupBy: ['branch'],
          campaignKey: 'techess-2023',
        },
        partnerKey,
      );
      expect(result!.suppressed).toBe(false);
      const scores = [...Array(20).keys()].map((i) => 2 + ((i * 7) % 17));
      const insertion = result!.cells.find((cell) => cell.group.branch === 'insertion')!;
      const twelve = scores.slice(0, 12).sort((a, b) => a - b);
      expect(insertion.suppressed).toBe(false);
      expect(Math.abs(insertion.count! - 12)).toBeLessThanOrEqual(3);
      const mean = twelve.reduce((sum, s) => sum + s, 0) / 12;
      // At most half the span of the scores in the release (2..18) over n.
      expect(Math.abs(insertion.mean! - mean)).toBeLessThanOrEqual((0.5 * 16) / 12 + 0.01);
      // Twelve respondents: quartiles are given (interpolated as percentile_cont).
      expect(insertion.median).toBe((twelve[5] + twelve[6]) / 2);
      // Five tests in "animation": n = k, all but fewer than k outside any one score: protected.
      expect(result!.cells.find((cell) => cell.group.branch === 'animation')).toMatchObject({
        suppressed: true,
        reason: 'DOMINANCE',
        mean: null,
        median: null,
      });
      // Three in "aide-a-domicile": fewer than k, not even listed.
      expect(result!.cells.find((cell) => cell.group.branch === 'aide-a-domicile')).toBeUndefined();
    });
  });

  describe('aggregation jobs', () => {
    it('reflects a burst of submissions within seconds, with far fewer jobs than submissions', async () => {
      const db = api.app.get(DataSource);
      await seedCampaign(api, {
        key: 'burst',
        phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
      });
      const burst = 150;
      await inBatches([...Array(burst).keys()], 25, async (i) => {
        await api.gql(SUBMIT, {
          input: {
            clientSubmissionId: `burst-${i}`,
            instrumentKey: 'microobs-mediators',
            version: '1.0.0',
            campaignKey: 'burst',
            phase: 'q1',
            answers: sampleAnswers(MICROOBS, { seed: i }),
          },
        });
      });
      const deadline = Date.now() + 20000;
      let state: { complete_submissions: number; runs: number } | undefined;
      while (Date.now() < deadline) {
        [state] = await db.query(
          `SELECT complete_submissions, runs FROM aggregate_state WHERE campaign_key = 'burst'`,
        );
        if (state && Number(state.complete_submissions) === burst) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(Number(state?.complete_submissions)).toBe(burst);
      console.log(`aggregation jobs run for a burst of ${burst} submissions: ${state?.runs}`);
      expect(Number(state?.runs)).toBeLessThan(burst / 5);
    });

    it('leaves a job that keeps failing in a failed state that admins can see', async () => {
      const queues = api.app.get(QueueService);
      // An instrument that does not exist makes the recomputation fail.
      await queues.enqueue(
        AGGREGATION_QUEUE,
        'recompute',
        { instrumentKey: null, campaignKey: 'burst' },
        { attempts: 2 },
      );
      const query =
        '{ jobQueues { name backend failed failedJobs { name attemptsMade failedReason } } }';
      type Queues = {
        jobQueues: { name: string; failed: number; failedJobs: { attemptsMade: number }[] }[];
      };
      let aggregation: Queues['jobQueues'][number] | undefined;
      const deadline = Date.now() + 20000;
      do {
        await new Promise((resolve) => setTimeout(resolve, 250));
        aggregation = (await api.gql<Queues>(query)).data!.jobQueues.find(
          (queue) => queue.name === AGGREGATION_QUEUE,
        );
      } while ((aggregation?.failed ?? 0) === 0 && Date.now() < deadline);
      expect(aggregation?.failed).toBe(1);
      expect(aggregation?.failedJobs[0]).toMatchObject({ name: 'recompute', attemptsMade: 2 });
      expect(errorCodes(await api.gql(query, {}, partnerKey))).toEqual(['FORBIDDEN']);
    });
  });
});
