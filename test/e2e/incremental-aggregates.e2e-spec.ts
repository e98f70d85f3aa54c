import { DataSource } from 'typeorm';
import { AggregateQueryService, AggregateStateService } from '@observatory/aggregation';
import type { Principal } from '@observatory/auth';
import { InstrumentService } from '@observatory/instruments';
import { microobsReportResponses } from '../fixtures/microobs-report';
import { seedCampaign } from '../support/campaign-fixture';
import { createTestApp, type TestApp } from '../support/test-app';

const SUBMIT = `mutation ($input: SubmitInput!) { submit(input: $input) { __typename } }`;
const INSTRUMENT = 'microobs-mediators';
const CAMPAIGN = 'microobs-delta';
const TARGET = { instrumentKey: INSTRUMENT, campaignKey: CAMPAIGN };
const ADMIN: Principal = {
  keyId: '00000000-0000-4000-8000-000000000000',
  name: 'test',
  role: 'ADMIN',
  scope: {},
};
const QUESTIONS = [
  { field: 'diploma' },
  { field: 'qualities' },
  { field: 'posture', groupBy: ['phase'] },
  { field: 'mediationTime', groupBy: ['version', 'respondentRole'] },
];

/** The stored cells of the target, in a stable order, without their ids. */
const CELLS_SQL = `SELECT instrument_version, phase_key, respondent_role, branch, field_key, value, count
  FROM aggregate_cell WHERE instrument_key = $1 AND campaign_key = $2
 ORDER BY field_key, value NULLS FIRST, instrument_version, phase_key, respondent_role, branch`;

describe('incremental aggregates', () => {
  let api: TestApp;
  let db: DataSource;
  let refresher: AggregateStateService;
  let queries: AggregateQueryService;
  const responses = microobsReportResponses();
  const complete = responses.filter((response) => response.status === 'COMPLETE');
  let next = 0;

  const submit = async (status: 'COMPLETE' | 'DRAFT', id = `delta-${next++}`) => {
    const response = complete[next % complete.length];
    const reply = await api.gql<{ submit: { __typename: string } }>(SUBMIT, {
      input: {
        clientSubmissionId: id,
        instrumentKey: INSTRUMENT,
        version: '1.0.0',
        campaignKey: CAMPAIGN,
        phase: 'q1',
        status,
        answers: response.answers,
      },
    });
    expect(reply.data?.submit.__typename).toBe('SubmissionAccepted');
  };

  /** Every question, from the tables (with the rows since) and live: the same figures. */
  const expectTablesMatchLive = async (source: 'precomputed' | 'live') => {
    for (const question of QUESTIONS) {
      const input = { instrumentKey: INSTRUMENT, campaignKey: CAMPAIGN, ...question };
      const answered = await queries.aggregate(ADMIN, input);
      const live = await queries.aggregate(ADMIN, input, { live: true });
      expect(answered.source).toBe(source);
      expect({ ...answered, source: null, computedAt: null }).toEqual({
        ...live,
        source: null,
        computedAt: null,
      });
    }
  };

  beforeAll(async () => {
    // No worker: the test decides when the tables are refreshed.
    api = await createTestApp({ DEMO_DATA: 'false', RUN_WORKER: 'false' });
    db = api.app.get(DataSource);
    // The worker's service, built by hand: this app runs no worker.
    refresher = new AggregateStateService(db, api.app.get(InstrumentService));
    queries = api.app.get(AggregateQueryService);
    await seedCampaign(api, {
      key: CAMPAIGN,
      phases: [{ key: 'q1', instrumentKeys: [INSTRUMENT] }],
    });
    for (let i = 0; i < 12; i++) await submit('COMPLETE');
  });

  afterAll(() => api.close());

  it('computes in full first, then adds new submissions live and by delta', async () => {
    expect((await queries.aggregate(ADMIN, { ...TARGET, field: 'diploma' })).source).toBe('live');
    expect(await refresher.refresh(TARGET)).toBe('full');
    await expectTablesMatchLive('precomputed');

    for (let i = 0; i < 5; i++) await submit('COMPLETE');
    // Not refreshed yet: the tables answer, with the 5 new rows counted live beside them.
    await expectTablesMatchLive('precomputed');
    const population = (await queries.aggregate(ADMIN, { ...TARGET, field: 'diploma' })).population;
    expect(population).toBe(17);

    expect(await refresher.refresh(TARGET)).toBe('delta');
    await expectTablesMatchLive('precomputed');
    const afterDelta = await db.query(CELLS_SQL, [INSTRUMENT, CAMPAIGN]);
    const [state] = await db.query(
      'SELECT complete_submissions FROM aggregate_state WHERE instrument_key = $1 AND campaign_key = $2',
      [INSTRUMENT, CAMPAIGN],
    );
    expect(state.complete_submissions).toBe(17);

    // Nothing new: an empty delta changes nothing.
    expect(await refresher.refresh(TARGET)).toBe('delta');
    expect(await db.query(CELLS_SQL, [INSTRUMENT, CAMPAIGN])).toEqual(afterDelta);

    // The delta left exactly what a full recompute writes, one row per cell.
    await refresher.recompute(TARGET);
    expect(await db.query(CELLS_SQL, [INSTRUMENT, CAMPAIGN])).toEqual(afterDelta);
  });

  it('recomputes in full when a draft is completed, and answers live until then', async () => {
    await submit('DRAFT', 'delta-draft');
    expect(await refresher.refresh(TARGET)).toBe('delta');
    await submit('COMPLETE', 'delta-draft');
    // A completed draft is not an addition the tables can take as a delta.
    await expectTablesMatchLive('live');
    // The relay marks the event sent; the refresh after it rewrites the tables.
    await db.query(
      `UPDATE outbox_event SET sent_at = clock_timestamp() WHERE instrument_key = $1 AND campaign_key = $2 AND sent_at IS NULL`,
      [INSTRUMENT, CAMPAIGN],
    );
    expect(await refresher.refresh(TARGET)).toBe('full');
    await expectTablesMatchLive('precomputed');
    expect((await queries.aggregate(ADMIN, { ...TARGET, field: 'diploma' })).population).toBe(18);
  });

  it('counts concurrent submissions and refreshes exactly once each', async () => {
    const [{ n: before }] = await db.query(
      `SELECT count(*)::int AS n FROM submission WHERE campaign_key = $1 AND status = 'COMPLETE'`,
      [CAMPAIGN],
    );
    // Refreshes interleaved with submissions: none may miss a row or count it twice.
    await Promise.all([
      ...Array.from({ length: 20 }, () => submit('COMPLETE')),
      ...Array.from({ length: 4 }, () => refresher.refresh(TARGET)),
    ]);
    await expectTablesMatchLive('precomputed');
    expect(await refresher.refresh(TARGET)).toBe('delta');
    const [state] = await db.query(
      'SELECT complete_submissions FROM aggregate_state WHERE instrument_key = $1 AND campaign_key = $2',
      [INSTRUMENT, CAMPAIGN],
    );
    expect(state.complete_submissions).toBe(before + 20);
    const afterDeltas = await db.query(CELLS_SQL, [INSTRUMENT, CAMPAIGN]);
    await refresher.recompute(TARGET);
    expect(await db.query(CELLS_SQL, [INSTRUMENT, CAMPAIGN])).toEqual(afterDeltas);
  });
});
