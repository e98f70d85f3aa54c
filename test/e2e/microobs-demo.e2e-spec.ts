/**
 * The MicroOBS demo (issue 11, item 9): with DEMO_DATA on, `microobs-demo` holds the report's 95
 * responses (64 complete, 31 partial), and an admin's exact figures, asked over GraphQL, are the
 * report's tables. Seeding is idempotent across restarts (reproducibility: the unit test of
 * microobs-demo-responses.ts).
 */
import { DataSource } from 'typeorm';
import { DemoCampaigns } from '@observatory/demo';
import { ClientSubmissionIds } from '@observatory/submissions';
import { MICROOBS_WAVES, microobsDemoResponses } from '@observatory/demo';
import { MICROOBS_FIXTURE_CHOICES, MICROOBS_REPORT } from '../fixtures/microobs-report';
import { publishRelease } from '../support/export-client';
import { createTestApp, type TestApp } from '../support/test-app';

const AGGREGATE = `query ($input: AggregateInput!) {
  aggregate(input: $input) { population suppressed cells { value count suppressed } }
}`;

interface Aggregate {
  population: number | null;
  suppressed: boolean;
  cells: { value: string | null; count: number | null; suppressed: boolean }[];
}

describe('MicroOBS demo data (DEMO_DATA=true)', () => {
  let api: TestApp;

  const exact = async (field: string): Promise<Record<string, number | null>> => {
    const reply = await api.gql<{ aggregate: Aggregate }>(AGGREGATE, {
      input: {
        instrumentKey: 'microobs-mediators',
        campaignKey: 'microobs-demo',
        field,
        unsuppressed: true,
      },
    });
    expect(reply.errors).toBeUndefined();
    const result = reply.data!.aggregate;
    expect(result).toMatchObject({ population: MICROOBS_REPORT.complete, suppressed: false });
    return Object.fromEntries(result.cells.map((cell) => [cell.value ?? '(none)', cell.count]));
  };

  const stored = async () =>
    api.app
      .get(DataSource)
      .query<{ status: string; n: number }[]>(
        `SELECT status, count(*)::int AS n FROM submission WHERE campaign_key = 'microobs-demo' GROUP BY status ORDER BY status`,
      );

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'true' });
  });
  afterAll(() => api.close());

  it('holds the report’s 95 responses, 64 complete and 31 partial, over the waves Q1 to Q4', async () => {
    expect(await stored()).toEqual([
      { status: 'COMPLETE', n: 64 },
      { status: 'DRAFT', n: 31 },
    ]);
    // Every wave has complete responses (campaign progress counts pairs: these have none).
    const waves: { phase_key: string }[] = await api.app
      .get(DataSource)
      .query(
        `SELECT DISTINCT phase_key FROM submission WHERE campaign_key = 'microobs-demo' AND status = 'COMPLETE' ORDER BY phase_key`,
      );
    expect(waves.map((row) => row.phase_key)).toEqual(MICROOBS_WAVES.map((wave) => wave.phase));
  });

  it('shows a partner (k = 5) the report’s diploma table protected: from a release, perturbed, none in 1..4', async () => {
    await api.gql(
      `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }`,
      {
        input: {
          key: 'demo-hub',
          name: 'Demo hub',
          level: 'AGGREGATES',
          k: 5,
          instrumentKeys: ['microobs-mediators'],
          campaignKeys: ['microobs-demo'],
        },
      },
    );
    const partnerKey = (
      await api.gql<{ createApiKey: { secret: string } }>(
        'mutation { createApiKey(input: { name: "demo-hub", role: PARTNER, partnerKey: "demo-hub" }) { secret } }',
      )
    ).data!.createApiKey.secret;
    await publishRelease(api, 'microobs-mediators');
    const reply = await api.gql<{ aggregate: Aggregate & { release: { number: number } | null } }>(
      `query ($input: AggregateInput!) {
        aggregate(input: $input) { population suppressed release { number } cells { value count suppressed } }
      }`,
      {
        input: {
          instrumentKey: 'microobs-mediators',
          campaignKey: 'microobs-demo',
          field: 'diploma',
        },
      },
      partnerKey,
    );
    expect(reply.errors).toBeUndefined();
    const result = reply.data!.aggregate;
    expect(result.release?.number).toBeGreaterThan(0);
    expect(Math.abs(result.population! - MICROOBS_REPORT.complete)).toBeLessThanOrEqual(3);
    const truth: Record<string, number> = {
      ...MICROOBS_REPORT.diploma,
      ...MICROOBS_FIXTURE_CHOICES.diplomaOther,
    };
    let perturbed = 0;
    for (const cell of result.cells) {
      const exact = cell.value === null ? 0 : (truth[cell.value] ?? 0);
      // 0 stays 0; 1..4 become 0 or 5; from 5 on, at most D = 3 away.
      if (exact === 0) expect(cell.count).toBe(0);
      else if (exact < 5) expect([0, 5]).toContain(cell.count);
      else expect(Math.abs(cell.count! - exact)).toBeLessThanOrEqual(3);
      if (cell.count !== exact) perturbed += 1;
    }
    // The report's own figures are not handed out as they are (CAP-BEP 2 at least cannot be).
    expect(perturbed).toBeGreaterThan(0);
  });

  it('gives an admin the report’s tables exactly: time on mediation, posture, qualities, diplomas', async () => {
    expect(await exact('mediationTime')).toEqual({
      'full-time': 25,
      'part-time': 24,
      occasional: 15,
    });
    expect(await exact('posture')).toEqual({ animator: 42, expert: 15, '(none)': 7 });
    expect(await exact('qualities')).toMatchObject({
      listening: 55,
      adaptability: 48,
      empathy: 43,
      patience: 42,
      'free-software': 18,
      rigour: 15,
    });
    expect(await exact('diploma')).toMatchObject({
      'cap-bep': 2,
      bac: 16,
      licence: 15,
      master: 16,
    });
    expect((await exact('computingTraining')).true).toBe(6);
    expect((await exact('mediationTraining')).true).toBe(12);
    expect((await exact('teamWork')).true).toBe(46);
  });

  it('stored them through the normal path: anonymised, dated and announced to the outbox', async () => {
    const db = api.app.get(DataSource);
    const rows: {
      client_submission_id: string;
      phase_key: string;
      day: string;
      answers: Record<string, unknown>;
    }[] = await db.query(
      `SELECT client_submission_id, phase_key, to_char(submitted_on, 'YYYY-MM-DD') AS day, answers
           FROM submission WHERE campaign_key = 'microobs-demo' ORDER BY client_submission_id`,
    );
    // Client ids are stored as keyed hashes (client-submission-id.ts): compare through the hash.
    const clientIds = api.app.get(ClientSubmissionIds);
    const byId = (a: string[], b: string[]) => a[0].localeCompare(b[0]);
    expect(
      rows.map((row) => [row.client_submission_id, row.phase_key, row.day]).sort(byId),
    ).toEqual(
      microobsDemoResponses()
        .map((response) => [
          clientIds.hash(response.clientSubmissionId),
          response.phase,
          response.submittedAt.toISOString().slice(0, 10),
        ])
        .sort(byId),
    );
    // Postcodes were generalised to their département before storage.
    const postcodes = rows.flatMap((row) =>
      typeof row.answers.postcode === 'string' ? [row.answers.postcode] : [],
    );
    expect(postcodes.length).toBeGreaterThan(64);
    expect(postcodes.every((code) => /^\d{2}$/.test(code))).toBe(true);
    const [events] = await db.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE payload ->> 'campaignKey' = 'microobs-demo'`,
    );
    expect(events.n).toBe(64);
  });

  it('submits nothing more when seeded again, in this process or at a restart', async () => {
    const before = await stored();
    expect(await api.app.get(DemoCampaigns).seed()).toEqual([]);
    const again = await createTestApp({ DEMO_DATA: 'true' }, { databaseUrl: api.databaseUrl });
    await again.close();
    expect(await stored()).toEqual(before);
  });

  it('seeds nothing when DEMO_DATA is off', async () => {
    const off = await createTestApp({ DEMO_DATA: 'false' });
    try {
      const [row] = await off.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS n FROM submission`);
      expect(row.n).toBe(0);
    } finally {
      await off.close();
    }
  });
});
