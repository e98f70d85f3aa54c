/**
 * Export files as an analyst opens them: CSV that Excel reads as UTF-8, JSON Lines with arrays and
 * a JSON Schema beside them, absolute download links, and a codebook whose wording matches the
 * values in the columns.
 */
import Ajv2020 from 'ajv/dist/2020';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { seedCampaign } from '../support/campaign-fixture';
import { sampleAnswers } from '../support/sample-answers';
import { createTestApp, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const MICROOBS: InstrumentDefinition = JSON.parse(
  fs.readFileSync(
    path.join(ROOT, 'instruments/questionnaire/versions/microobs-mediators@1.0.0.json'),
    'utf8',
  ),
);
const REQUEST = `mutation ($input: ExportInput!) { requestExport(input: $input) { id } }`;
const JOB = `query ($id: ID!) { exportJob(id: $id) { status error files { name mediaType url } } }`;

interface Job {
  status: string;
  error: string | null;
  files: { name: string; mediaType: string; url: string }[];
}

describe('export file formats', () => {
  let api: TestApp;

  /** A GraphQL call with a chosen Host header, as a client reaching the API by that name. */
  const gqlAt = async <T>(host: string, query: string, variables: Record<string, unknown>) => {
    const response = await api
      .http()
      .post('/graphql')
      .set('host', host)
      .set('content-type', 'application/json')
      .set('authorization', 'Bearer test-admin-key-0123456789abcdef')
      .send({ query, variables });
    return response.body.data as T;
  };

  const exportOf = async (level: string, format: string, host = 'observatory.test:8443') => {
    const { requestExport } = await gqlAt<{ requestExport: { id: string } }>(host, REQUEST, {
      input: { instrumentKey: 'microobs-mediators', campaignKey: 'microobs-t', level, format },
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { exportJob } = await gqlAt<{ exportJob: Job }>(host, JOB, { id: requestExport.id });
      if (['COMPLETED', 'FAILED'].includes(exportJob.status) || Date.now() > deadline) {
        expect(exportJob).toMatchObject({ status: 'COMPLETED', error: null });
        return exportJob;
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };

  const download = async (job: Job, name: string) => {
    const url = new URL(job.files.find((file) => file.name === name)!.url);
    const response = await api
      .http()
      .get(url.pathname + url.search)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    return { bytes: response.body as Buffer, type: response.headers['content-type'] as string };
  };

  beforeAll(async () => {
    api = await createTestApp({
      DEMO_DATA: 'false',
      EXPORT_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'export-formats-')),
    });
    await seedCampaign(api, {
      key: 'microobs-t',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });
    // Six alike respondents: k-anonymity (k = 5) keeps them all.
    for (let n = 0; n < 6; n++) {
      const reply = await api.gql<{ submit: { __typename: string } }>(
        `mutation ($input: SubmitInput!) { submit(input: $input) { __typename } }`,
        {
          input: {
            clientSubmissionId: `formats-${n}`,
            instrumentKey: 'microobs-mediators',
            version: '1.0.0',
            campaignKey: 'microobs-t',
            phase: 'q1',
            answers: { ...sampleAnswers(MICROOBS), qualities: ['listening', 'patience'] },
          },
        },
      );
      expect(reply.data?.submit.__typename).toBe('SubmissionAccepted');
    }
  });
  afterAll(() => api.close());

  it('writes CSV as UTF-8 with a byte-order mark and says so in every header', async () => {
    const job = await exportOf('AGGREGATES', 'CSV');
    const [file] = job.files;
    expect(file.mediaType).toBe('text/csv; charset=utf-8');
    const { bytes, type } = await download(job, file.name);
    expect(type).toBe('text/csv; charset=utf-8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).not.toContain('\uFFFD');
    expect(text.slice(1).startsWith('field,field_label,')).toBe(true);
  });

  it('makes absolute download links from the address the caller used, when PUBLIC_URL is unset', async () => {
    const job = await exportOf('AGGREGATES', 'CSV');
    for (const file of job.files) {
      expect(file.url).toMatch(/^http:\/\/observatory\.test:8443\/exports\/[0-9a-f-]+\/files\//);
    }
    const forged = await exportOf('AGGREGATES', 'CSV', 'evil.test/phish?x=');
    for (const file of forged.files) expect(file.url).toMatch(/^\/exports\//);
  });

  it('writes multiple choices as arrays in JSON Lines, every line valid against the schema beside it', async () => {
    const job = await exportOf('MICRODATA', 'JSONL');
    const names = job.files.map((file) => file.name).sort();
    expect(names).toEqual(['submissions.jsonl', 'submissions.schema.json']);
    const schemaFile = await download(job, 'submissions.schema.json');
    expect(schemaFile.type).toContain('application/schema+json');
    const validate = new Ajv2020({ strict: false, allowUnionTypes: true }).compile(
      JSON.parse(schemaFile.bytes.toString('utf8')),
    );
    const lines = (await download(job, 'submissions.jsonl')).bytes
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      expect(line.qualities).toEqual(['listening', 'patience']);
      expect([validate(line), validate.errors ?? []]).toEqual([true, []]);
    }
    // The schema is not a formality: the CSV spelling of a multiple choice fails it.
    expect(validate({ ...lines[0], qualities: 'listening|patience' })).toBe(false);
  });

  it('describes every column in words its values bear out (a pseudonym is no UUID)', async () => {
    const job = await exportOf('MICRODATA', 'DATAPACKAGE');
    const descriptor = JSON.parse(
      (await download(job, 'datapackage.json')).bytes.toString('utf8'),
    ) as {
      resources: {
        path: string;
        schema: { fields: { name: string; type: string; description?: string }[] };
      }[];
    };
    const codebook = (await download(job, 'codebook.md')).bytes.toString('utf8');
    for (const resource of descriptor.resources) {
      const [header, ...rows] = (await download(job, resource.path)).bytes
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n')
        .map((line) => line.split(','));
      for (const field of resource.schema.fields) {
        const values = rows.map((row) => row[header.indexOf(field.name)]).filter((v) => v !== '');
        const wording = `${field.description ?? ''}`;
        for (const rule of WORDING_RULES) {
          if (!rule.says.test(wording)) continue;
          const wrong = values.filter((value) => !rule.values.test(value));
          expect([resource.path, field.name, rule.name, wrong]).toEqual([
            resource.path,
            field.name,
            rule.name,
            [],
          ]);
        }
        if (field.type === 'yearmonth') {
          expect(values.every((value) => /^\d{4}-\d{2}$|^\*$/.test(value))).toBe(true);
        }
      }
    }
    expect(codebook).not.toMatch(/UUID/);
    expect(codebook).toMatch(/Identifiant de la ligne, propre à cet export/);
  });
});

/** What a description promises about its column's values. */
const WORDING_RULES = [
  { name: 'pseudonym', says: /pseudonyme/i, values: /^p_[0-9a-f]{20}$/ },
  { name: 'row id', says: /propre à cet export/, values: /^p_[0-9a-f]{20}$/ },
  {
    name: 'uuid',
    says: /\bUUID\b/,
    values: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  },
  { name: 'year-month', says: /AAAA-MM/, values: /^\d{4}-\d{2}$|^\*$/ },
];
