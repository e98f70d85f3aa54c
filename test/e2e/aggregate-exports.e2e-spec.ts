/**
 * AGGREGATES exports hold exactly what a partner's `aggregate` gives (the same release, the same
 * perturbation, the same checks), for every countable field, those inside groups and repeats
 * included; and the PUBLIC (open-data) profile exports its release as a data package with k = 11.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { microobsReportResponses } from '../fixtures/microobs-report';
import { seedCampaign } from '../support/campaign-fixture';
import { sampleAnswers } from '../support/sample-answers';
import { DataSource } from 'typeorm';
import { createTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app';
// The Frictionless Data Package library (CommonJS, untyped).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Package } = require('datapackage') as {
  Package: {
    load(
      descriptor: string,
      options?: { basePath?: string },
    ): Promise<{
      valid: boolean;
      errors: Error[];
      resources: {
        read(options: { cast: boolean; keyed: boolean }): Promise<Record<string, unknown>[]>;
      }[];
    }>;
  };
};

const DAY2: InstrumentDefinition = JSON.parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../instruments/observation-grid/versions/techess-observation-day2@1.0.0.json',
    ),
    'utf8',
  ),
);
const SUBMIT = `mutation ($input: SubmitInput!) { submit(input: $input) { __typename } }`;
const AGGREGATE = `query ($input: AggregateInput!) { aggregate(input: $input) { release { number } cells { value count suppressed } } }`;
const REQUEST = `mutation ($input: ExportInput!) { requestExport(input: $input) { id } }`;
const JOB = `query ($id: ID!) { exportJob(id: $id) { status error files { name url } } }`;

interface Job {
  status: string;
  error: string | null;
  files: { name: string; url: string }[];
}

describe('AGGREGATES exports', () => {
  let api: TestApp;
  let partnerKey: string;
  let publicKey: string;

  const key = async (partner: string) =>
    (
      await api.gql<{ createApiKey: { secret: string } }>(
        'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
        { input: { name: partner, role: 'PARTNER', partnerKey: partner } },
      )
    ).data!.createApiKey.secret;

  const exported = async (input: Record<string, unknown>, apiKey: string): Promise<Job> => {
    const requested = await api.gql<{ requestExport: { id: string } }>(REQUEST, { input }, apiKey);
    expect(requested.errors).toBeUndefined();
    const deadline = Date.now() + 60000;
    for (;;) {
      const job = (await api.gql<{ exportJob: Job }>(JOB, { id: requested.data!.requestExport.id }))
        .data!.exportJob;
      if (['COMPLETED', 'FAILED'].includes(job.status) || Date.now() > deadline) return job;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const download = async (job: Job, name: string): Promise<string> => {
    const file = job.files.find((f) => f.name === name)!;
    const response = await api
      .http()
      .get(file.url.replace(/^https?:\/\/[^/]+/, ''))
      .buffer(true);
    expect(response.status).toBe(200);
    return response.body instanceof Buffer ? response.body.toString('utf8') : response.text;
  };

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'false' });
    for (const instrumentKey of ['techess-observation-day2', 'microobs-mediators']) {
      await api.gql(
        'mutation ($input: ReleasePolicyInput!) { setReleasePolicy(input: $input) { schedule } }',
        { input: { instrumentKey, schedule: '0 0 1 1 *' } },
      );
    }
    await seedCampaign(api, {
      key: 'techess',
      branches: ['insertion'],
      phases: [{ key: 'day2', instrumentKeys: ['techess-observation-day2'] }],
      pairs: [['M01', 'P01']],
    });
    await seedCampaign(api, {
      key: 'microobs',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });
    for (let i = 0; i < 40; i++) {
      const reply = await api.gql<{ submit: { __typename: string } }>(SUBMIT, {
        input: {
          clientSubmissionId: `day2-${i}`,
          instrumentKey: 'techess-observation-day2',
          version: '1.0.0',
          campaignKey: 'techess',
          phase: 'day2',
          pairCode: 'M01+P01',
          participantCode: 'M01',
          answers: sampleAnswers(DAY2, { fillOptional: true, seed: i }),
        },
      });
      expect(reply.data?.submit.__typename).toBe('SubmissionAccepted');
    }
    for (const [i, response] of microobsReportResponses().entries()) {
      await api.gql(SUBMIT, {
        input: {
          clientSubmissionId: `mo-${i}`,
          instrumentKey: 'microobs-mediators',
          version: '1.0.0',
          campaignKey: 'microobs',
          phase: 'q1',
          status: response.status,
          answers: response.answers,
        },
      });
    }
    for (const instrumentKey of ['techess-observation-day2', 'microobs-mediators']) {
      const published = await api.gql(
        'mutation ($key: String!) { publishAggregateRelease(instrumentKey: $key) { number } }',
        { key: instrumentKey },
      );
      expect(published.errors).toBeUndefined();
    }
    const create = 'mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { k } }';
    await api.gql(create, {
      input: {
        key: 'marsouin',
        name: 'M@rsouin',
        level: 'AGGREGATES',
        instrumentKeys: ['techess-observation-day2', 'microobs-mediators'],
        campaignKeys: ['techess', 'microobs'],
      },
    });
    const open = await api.gql<{ createPartner: { k: number } }>(create, {
      input: {
        key: 'open-data',
        name: 'Données ouvertes',
        level: 'PUBLIC',
        k: 5,
        instrumentKeys: ['microobs-mediators'],
        campaignKeys: ['microobs'],
      },
    });
    // Open data follows the rule of statistical secrecy, whatever was asked.
    expect(open.data?.createPartner.k).toBe(11);
    partnerKey = await key('marsouin');
    publicKey = await key('open-data');
    // Seeding goes through the API, one submission at a time: slow on a busy machine.
  }, 300_000);

  afterAll(() => api.close());

  it('hold, for every countable field of the day-2 grid (in groups and repeats), what aggregate gives', async () => {
    const job = await exported(
      { instrumentKey: 'techess-observation-day2', level: 'AGGREGATES', format: 'JSONL' },
      partnerKey,
    );
    expect(job).toMatchObject({ status: 'COMPLETED', error: null });
    const rows = (await download(job, 'aggregates.jsonl'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const fields = [...new Set(rows.map((row) => row.field as string))];
    expect(fields).toEqual(
      expect.arrayContaining([
        'context.sequence',
        'workEnvironment.mode',
        'workEnvironment.professionalDevices',
        'beneficiaries.needs.ageBand',
        'beneficiaries.needs.gender',
        'beneficiaries.needs.thematiques',
        'beneficiaries.knowHow.localActorTypes',
      ]),
    );
    for (const field of fields) {
      const answer = await api.gql<{
        aggregate: { cells: { value: string | null; count: number | null; suppressed: boolean }[] };
      }>(AGGREGATE, { input: { instrumentKey: 'techess-observation-day2', field } }, partnerKey);
      expect(answer.errors).toBeUndefined();
      const inFile = rows
        .filter((row) => row.field === field)
        .map((row) => ({ value: row.value, count: row.count, suppressed: row.suppressed }));
      expect(inFile).toEqual(answer.data!.aggregate.cells);
    }
    // No count a partner sees is between 1 and k − 1.
    for (const row of rows) {
      if (typeof row.count === 'number') expect(row.count === 0 || row.count >= 5).toBe(true);
    }
  });

  it('never carry a record key, nor does any GraphQL answer', async () => {
    const db = api.app.get(DataSource);
    const keys: string[] = (
      await db.query(
        `SELECT record_key::text AS key FROM submission WHERE campaign_key = 'techess'`,
      )
    ).map((row: { key: string }) => row.key);
    expect(keys.length).toBe(40);
    const microdata = await exported(
      { instrumentKey: 'techess-observation-day2', level: 'MICRODATA', format: 'JSONL' },
      TEST_ADMIN_KEY,
    );
    expect(microdata.status).toBe('COMPLETED');
    const texts = await Promise.all(microdata.files.map((file) => download(microdata, file.name)));
    const listed = await api.gql(
      '{ submissions(campaignKey: "techess", first: 100) { edges { node { id answers } } } }',
    );
    expect(listed.errors).toBeUndefined();
    const schema = await api.gql<{ __schema: { types: { fields: { name: string }[] | null }[] } }>(
      '{ __schema { types { fields { name } } } }',
    );
    const fieldNames = schema.data!.__schema.types.flatMap((t) =>
      (t.fields ?? []).map((f) => f.name),
    );
    expect(fieldNames.filter((name) => /record.?key/i.test(name))).toEqual([]);
    const everything = [...texts, JSON.stringify(listed.data)].join('\n');
    for (const key of keys) expect(everything.includes(key)).toBe(false);
  });

  it('export the PUBLIC release as a valid open data package with k = 11', async () => {
    const job = await exported(
      { instrumentKey: 'microobs-mediators', level: 'AGGREGATES', format: 'DATAPACKAGE' },
      publicKey,
    );
    expect(job).toMatchObject({ status: 'COMPLETED', error: null });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'open-data-'));
    for (const file of job.files)
      fs.writeFileSync(path.join(dir, file.name), await download(job, file.name));
    const dataPackage = await Package.load(path.join(dir, 'datapackage.json'), { basePath: dir });
    expect(dataPackage.errors.map((error) => error.message)).toEqual([]);
    const descriptor = JSON.parse(fs.readFileSync(path.join(dir, 'datapackage.json'), 'utf8'));
    expect(descriptor.licenses[0].name).toBe('etalab-2.0');
    const provenance = JSON.parse(fs.readFileSync(path.join(dir, 'provenance.json'), 'utf8'));
    expect(provenance).toMatchObject({ level: 'AGGREGATES', partner: 'open-data', release: 1 });
    const rows = await dataPackage.resources[0].read({ cast: true, keyed: true });
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      const count = row.count as number | null;
      if (count !== null) expect(count === 0 || count >= 11).toBe(true);
    }
    // CAP-BEP (2 respondents) cannot show as 2; the diplomas of at least 11 are near their count.
    const diploma = (value: string) =>
      rows.find((r) => r.field === 'diploma' && r.value === value)!;
    expect([0, 11]).toContain(diploma('cap-bep').count);
    expect(Math.abs((diploma('bac').count as number) - 16)).toBeLessThanOrEqual(3);
  });
});
