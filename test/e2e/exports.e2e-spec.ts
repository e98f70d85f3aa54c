import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { ExportSchedules, pushSigningKey } from '@observatory/exports';
import { QueueService } from '@observatory/queue';
import { RUNTIME, serverSecret, type Runtime } from '@observatory/config';
import { microobsReportResponses } from '../fixtures/microobs-report';
import { mixAnonymousAnswers } from '../support/anonymous-mixing';
import { seedCampaign } from '../support/campaign-fixture';
import { sampleAnswers } from '../support/sample-answers';
import { parseCsv } from '../support/csv';
import { exportClient, publishRelease, type ExportJob } from '../support/export-client';
import { createTestApp, errorCodes, type TestApp } from '../support/test-app';

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
      descriptor: {
        resources: { name: string; path: string; schema: { fields: { name: string }[] } }[];
      };
      resources: { name: string; read(options: { cast: boolean }): Promise<unknown[][]> }[];
    }>;
  };
};

const ROOT = path.resolve(__dirname, '../..');
const load = (kind: string, key: string): InstrumentDefinition =>
  JSON.parse(
    fs.readFileSync(path.join(ROOT, 'instruments', kind, 'versions', `${key}@1.0.0.json`), 'utf8'),
  );
const BUILTINS: [string, InstrumentDefinition, Record<string, string>][] = [
  [
    'techess-observation-day1',
    load('observation-grid', 'techess-observation-day1'),
    { phase: 'day1', pairCode: 'M01+P01', participantCode: 'M01' },
  ],
  [
    'techess-observation-day2',
    load('observation-grid', 'techess-observation-day2'),
    { phase: 'day2', pairCode: 'M01+P01', participantCode: 'M01' },
  ],
  ['techess-debrief', load('debrief', 'techess-debrief'), { phase: 'day1', pairCode: 'M01+P01' }],
];
const PIC = load('skills-test', 'techess-pic-test');

const SUBMIT = `mutation ($input: SubmitInput!) { submit(input: $input) { __typename } }`;
const JOB = `query ($id: ID!) { exportJob(id: $id) { id status } }`;

describe('exports', () => {
  let api: TestApp;
  let exportDir: string;
  let marsouinKey: string;
  let otherKey: string;
  let aggregatesOnlyKey: string;

  const requestExport = (input: Record<string, unknown>, key?: string) =>
    exportClient(api).request(input, key);
  const waitFor = (id: string, done?: (job: ExportJob) => boolean) =>
    exportClient(api).waitFor(id, done);
  const fileText = (job: ExportJob, name: string) => exportClient(api).fileText(job, name);

  beforeAll(async () => {
    exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exports-'));
    api = await createTestApp({ DEMO_DATA: 'false', EXPORT_DIR: exportDir });
    await seedCampaign(api, {
      key: 'techess-2023',
      branches: ['insertion', 'animation'],
      phases: [
        { key: 'day1', instrumentKeys: ['techess-observation-day1', 'techess-debrief'] },
        { key: 'day2', instrumentKeys: ['techess-observation-day2'] },
        { key: 'seminar', instrumentKeys: ['techess-pic-test'] },
      ],
      pairs: [
        ['M01', 'P01'],
        ['M02', 'P02'],
      ],
    });
    await seedCampaign(api, {
      key: 'microobs-2020',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });
    for (const [instrumentKey, definition, context] of BUILTINS) {
      // Six each: enough for rows to survive k-anonymity with k = 5.
      for (let i = 0; i < 6; i++) {
        const reply = await api.gql<{ submit: { __typename: string } }>(SUBMIT, {
          input: {
            clientSubmissionId: `${instrumentKey}-${i}`,
            instrumentKey,
            version: '1.0.0',
            campaignKey: 'techess-2023',
            ...context,
            answers: sampleAnswers(definition, { fillOptional: true, seed: i }),
          },
        });
        expect(reply.data?.submit.__typename).toBe('SubmissionAccepted');
      }
    }
    for (const [i, response] of microobsReportResponses().entries()) {
      await api.gql(SUBMIT, {
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
    }
    const tokens = (
      await api.gql<{ issueAnonymousTokens: string[] }>(
        'mutation { issueAnonymousTokens(campaignKey: "techess-2023", instrumentKey: "techess-pic-test", count: 6) }',
      )
    ).data!.issueAnonymousTokens;
    for (const [i, token] of tokens.entries()) {
      await api.gql(
        'mutation ($input: AnonymousSubmitInput!) { submitAnonymous(input: $input) { __typename } }',
        {
          input: {
            token,
            instrumentKey: 'techess-pic-test',
            version: '1.0.0',
            campaignKey: 'techess-2023',
            phase: 'seminar',
            branch: 'insertion',
            answers: sampleAnswers(PIC, { seed: i }),
          },
        },
        null,
      );
    }
    // Anonymous answers are exported once the mixing has stored them (every token is used).
    expect(await mixAnonymousAnswers(api)).toEqual([6]);
    const everything = [
      'techess-observation-day1',
      'techess-observation-day2',
      'techess-debrief',
      'microobs-mediators',
      'techess-pic-test',
    ];
    // Partners' exports read the current release.
    for (const instrumentKey of everything) await publishRelease(api, instrumentKey);
    const partner = `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }`;
    const key = async (partnerKey: string) =>
      (
        await api.gql<{ createApiKey: { secret: string } }>(
          'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
          { input: { name: partnerKey, role: 'PARTNER', partnerKey } },
        )
      ).data!.createApiKey.secret;
    await api.gql(partner, {
      input: {
        key: 'marsouin',
        name: 'M@rsouin',
        level: 'MICRODATA',
        instrumentKeys: everything,
        campaignKeys: ['techess-2023', 'microobs-2020'],
      },
    });
    await api.gql(partner, {
      input: {
        key: 'other-hub',
        name: 'Autre hub',
        level: 'MICRODATA',
        k: 3,
        instrumentKeys: everything,
        campaignKeys: ['techess-2023', 'microobs-2020'],
      },
    });
    await api.gql(partner, {
      input: {
        key: 'aggregates-only',
        name: 'Agrégats',
        level: 'AGGREGATES',
        instrumentKeys: everything,
        campaignKeys: ['techess-2023', 'microobs-2020'],
      },
    });
    marsouinKey = await key('marsouin');
    otherKey = await key('other-hub');
    aggregatesOnlyKey = await key('aggregates-only');
  });
  afterAll(async () => {
    await api.close();
    fs.rmSync(exportDir, { recursive: true, force: true });
  });

  describe.each([
    'techess-observation-day1',
    'techess-observation-day2',
    'techess-debrief',
    'microobs-mediators',
    'techess-pic-test',
  ])('%s', (instrumentKey) => {
    it.each([
      ['MICRODATA', 'DATAPACKAGE'],
      ['AGGREGATES', 'DATAPACKAGE'],
      ['MICRODATA', 'CSV'],
      ['AGGREGATES', 'CSV'],
      ['MICRODATA', 'JSONL'],
      ['AGGREGATES', 'JSONL'],
    ])('exports %s as %s, files that match their schema', async (level, format) => {
      const requested = await requestExport({ instrumentKey, level, format }, marsouinKey);
      expect(requested.errors).toBeUndefined();
      const job = await waitFor(requested.data!.requestExport.id);
      expect(job).toMatchObject({ status: 'COMPLETED', progress: 1, error: null });
      for (const file of job.files) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
      if (format === 'JSONL') {
        for (const file of job.files.filter((f) => f.name.endsWith('.jsonl'))) {
          for (const line of (await fileText(job, file.name)).split('\n').filter(Boolean))
            expect(() => JSON.parse(line)).not.toThrow();
        }
        return;
      }
      if (format === 'CSV') {
        expect(job.files.every((file) => file.mediaType === 'text/csv; charset=utf-8')).toBe(true);
        return;
      }
      // DATAPACKAGE: download every file, validate with the Frictionless library.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'package-'));
      for (const file of job.files)
        fs.writeFileSync(path.join(dir, file.name), await fileText(job, file.name));
      expect(job.files.map((file) => file.name)).toEqual(
        expect.arrayContaining(['datapackage.json', 'codebook.md', 'provenance.json']),
      );
      const dataPackage = await Package.load(path.join(dir, 'datapackage.json'), { basePath: dir });
      expect(dataPackage.errors.map((error) => error.message)).toEqual([]);
      expect(dataPackage.valid).toBe(true);
      for (const [index, resource] of dataPackage.resources.entries()) {
        await resource.read({ cast: true });
        const descriptor = dataPackage.descriptor.resources[index];
        const header = parseCsv(fs.readFileSync(path.join(dir, descriptor.path), 'utf8'))[0];
        expect(header).toEqual(descriptor.schema.fields.map((field) => field.name));
      }
      const provenance = JSON.parse(fs.readFileSync(path.join(dir, 'provenance.json'), 'utf8'));
      expect(provenance).toMatchObject({ instrument: instrumentKey, level, partner: 'marsouin' });
      expect(provenance.instrumentVersions[0].checksum).toMatch(/^[0-9a-f]{64}$/);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });

  describe('de-identification', () => {
    const columnOf = async (key: string, name = 'participant'): Promise<string[]> => {
      const requested = await requestExport(
        { instrumentKey: 'techess-observation-day1', level: 'MICRODATA', format: 'CSV' },
        key,
      );
      const job = await waitFor(requested.data!.requestExport.id);
      const rows = parseCsv(await fileText(job, 'submissions.csv'));
      const column = rows[0].indexOf(name);
      return rows
        .slice(1)
        .map((row) => row[column])
        .sort();
    };
    const participantColumn = (key: string): Promise<string[]> => columnOf(key);

    it('gives two partners different pseudonyms for the same participant, one partner the same each time, and every export new row ids', async () => {
      const marsouin = await participantColumn(marsouinKey);
      const again = await participantColumn(marsouinKey);
      const other = await participantColumn(otherKey);
      expect(marsouin.length).toBeGreaterThan(0);
      expect(marsouin.every((value) => /^p_[0-9a-f]{20}$/.test(value))).toBe(true);
      expect(again).toEqual(marsouin);
      expect(other.filter((value) => marsouin.includes(value))).toEqual([]);
      expect(marsouin.join()).not.toContain('M01');
      // Row ids are the export's own, or they would let two files (of two partners, or of one
      // partner at two dates) join.
      const ids = await columnOf(marsouinKey, 'submission_id');
      expect(new Set(ids).size).toBe(ids.length);
      expect(
        (await columnOf(marsouinKey, 'submission_id')).filter((id) => ids.includes(id)),
      ).toEqual([]);
      expect((await columnOf(otherKey, 'submission_id')).filter((id) => ids.includes(id))).toEqual(
        [],
      );
    });

    it('reads only the campaigns of the agreement when no campaign is named', async () => {
      await api.gql(
        `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }`,
        {
          input: {
            key: 'narrow',
            name: 'Narrow',
            level: 'MICRODATA',
            instrumentKeys: ['microobs-mediators'],
            campaignKeys: ['techess-2023'],
          },
        },
      );
      const narrowKey = (
        await api.gql<{ createApiKey: { secret: string } }>(
          'mutation { createApiKey(input: { name: "narrow", role: PARTNER, partnerKey: "narrow" }) { secret } }',
        )
      ).data!.createApiKey.secret;
      const requested = await requestExport(
        { instrumentKey: 'microobs-mediators', level: 'MICRODATA', format: 'CSV' },
        narrowKey,
      );
      const job = await waitFor(requested.data!.requestExport.id);
      expect(job).toMatchObject({ status: 'COMPLETED', rowCount: 0 });
    });

    it('masks cells until every combination of released values has k rows, and says so in provenance.json', async () => {
      const requested = await requestExport(
        { instrumentKey: 'microobs-mediators', level: 'MICRODATA', format: 'DATAPACKAGE' },
        marsouinKey,
      );
      const job = await waitFor(requested.data!.requestExport.id);
      const rows = parseCsv(await fileText(job, 'submissions.csv'));
      const provenance = JSON.parse(await fileText(job, 'provenance.json'));
      const [risk] = provenance.risk.tables;
      // Every column but the row id and the pseudonyms is a key variable (no verbatims here).
      const keys = rows[0].flatMap((name, index) =>
        ['submission_id', 'participant', 'pair'].includes(name) ? [] : [index],
      );
      expect(risk.keyColumns).toEqual(keys.map((index) => rows[0][index]));
      const classes = new Map<string, number>();
      for (const row of rows.slice(1)) {
        const key = JSON.stringify(keys.map((index) => row[index]));
        classes.set(key, (classes.get(key) ?? 0) + 1);
      }
      for (const count of classes.values()) expect(count).toBeGreaterThanOrEqual(5);
      expect(risk).toMatchObject({
        table: 'submissions',
        rows: 64,
        rowsAtRisk: 0,
        droppedRows: 0,
        releasedCombinations: classes.size,
        kAchieved: Math.min(...classes.values()),
        maxReidentificationRisk: 1 / Math.min(...classes.values()),
      });
      // The 64 respondents' raw combinations are all unique: cells were masked, no row was lost.
      expect(risk.rowsAtRiskBefore).toBe(64);
      expect(rows.length - 1).toBe(64);
      const masked = rows
        .slice(1)
        .reduce((sum, row) => sum + row.filter((c) => c === '*').length, 0);
      expect(risk.maskedCellsTotal).toBe(masked);
      expect(provenance.suppressedCells).toBe(masked);
      // No free text without an agreement that allows verbatims.
      expect(rows[0]).not.toContain('comments');
    });

    it('writes no identifier for anonymous skills-test rows', async () => {
      const requested = await requestExport(
        { instrumentKey: 'techess-pic-test', level: 'MICRODATA', format: 'CSV' },
        marsouinKey,
      );
      const job = await waitFor(requested.data!.requestExport.id);
      const rows = parseCsv(await fileText(job, 'submissions.csv'));
      const participant = rows[0].indexOf('participant');
      const pair = rows[0].indexOf('pair');
      for (const row of rows.slice(1)) expect([row[participant], row[pair]]).toEqual(['', '']);
    });

    it('forbids microdata to a partner whose agreement allows aggregates only', async () => {
      const reply = await requestExport(
        { instrumentKey: 'microobs-mediators', level: 'MICRODATA', format: 'CSV' },
        aggregatesOnlyKey,
      );
      expect(errorCodes(reply)).toEqual(['FORBIDDEN']);
      const aggregates = await requestExport(
        { instrumentKey: 'microobs-mediators', level: 'AGGREGATES', format: 'CSV' },
        aggregatesOnlyKey,
      );
      expect(aggregates.errors).toBeUndefined();
    });
  });

  describe('downloads', () => {
    it('serve a file with a valid signature only, without an API key', async () => {
      const requested = await requestExport({
        instrumentKey: 'microobs-mediators',
        level: 'AGGREGATES',
        format: 'CSV',
      });
      const job = await waitFor(requested.data!.requestExport.id);
      const url = job.files[0].url.replace(/^https?:\/\/[^/]+/, '');
      expect(url).not.toMatch(/obs_/);
      expect((await api.http().get(url)).status).toBe(200);
      expect(
        (await api.http().get(url.replace(/signature=[0-9a-f]{4}/, 'signature=0000'))).status,
      ).toBe(403);
      const runtime = api.app.get<Runtime>(RUNTIME);
      const past = Math.floor(Date.now() / 1000) - 10;
      const signature = createHmac('sha256', serverSecret(runtime.config))
        .update(`download\n${job.id}\n${job.files[0].name}\n${past}`)
        .digest('hex');
      expect(
        (
          await api
            .http()
            .get(
              `/exports/${job.id}/files/${job.files[0].name}?expires=${past}&signature=${signature}`,
            )
        ).status,
      ).toBe(403);
      expect(errorCodes(await api.gql(JOB, { id: job.id }, otherKey))).toEqual([]);
      expect(
        (await api.gql<{ exportJob: null }>(JOB, { id: job.id }, otherKey)).data!.exportJob,
      ).toBeNull();
    });

    it('lets an admin delete an export, and the retention job remove expired ones', async () => {
      const requested = await requestExport({
        instrumentKey: 'microobs-mediators',
        level: 'AGGREGATES',
        format: 'CSV',
      });
      const first = await waitFor(requested.data!.requestExport.id);
      expect(
        (
          await api.gql<{ deleteExport: boolean }>(
            'mutation ($id: ID!) { deleteExport(id: $id) }',
            { id: first.id },
          )
        ).data!.deleteExport,
      ).toBe(true);
      expect(fs.existsSync(path.join(exportDir, first.id))).toBe(false);

      const second = await waitFor(
        (
          await requestExport({
            instrumentKey: 'microobs-mediators',
            level: 'AGGREGATES',
            format: 'CSV',
          })
        ).data!.requestExport.id,
      );
      await api.app
        .get(DataSource)
        .query(`UPDATE export_job SET expires_at = now() - interval '1 day' WHERE id = $1`, [
          second.id,
        ]);
      expect(await api.app.get(ExportSchedules).purgeExpired()).toBeGreaterThanOrEqual(1);
      expect(fs.existsSync(path.join(exportDir, second.id))).toBe(false);
      expect(
        (await api.gql<{ exportJob: null }>(JOB, { id: second.id })).data!.exportJob,
      ).toBeNull();
    });
  });

  describe('push delivery', () => {
    it('delivers each file once, signed, after an endpoint that fails twice', async () => {
      const received: { name: string; body: Buffer; timestamp: string; signature: string }[] = [];
      let failures = 0;
      const server = http.createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          if (failures < 2) {
            failures += 1;
            response.writeHead(503).end();
            return;
          }
          received.push({
            name: String(request.headers['x-observatory-file']),
            body: Buffer.concat(chunks),
            timestamp: String(request.headers['x-observatory-timestamp']),
            signature: String(request.headers['x-observatory-signature']),
          });
          response.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      try {
        await api.gql(
          `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }`,
          {
            input: {
              key: 'push-partner',
              name: 'Push',
              level: 'AGGREGATES',
              instrumentKeys: ['microobs-mediators'],
              campaignKeys: ['microobs-2020'],
              delivery: { mode: 'PUSH', endpoint: `http://127.0.0.1:${port}/observatory` },
            },
          },
        );
        const requested = await requestExport({
          instrumentKey: 'microobs-mediators',
          level: 'AGGREGATES',
          format: 'DATAPACKAGE',
          partnerKey: 'push-partner',
          delivery: 'PUSH',
        });
        expect(requested.errors).toBeUndefined();
        const job = await waitFor(requested.data!.requestExport.id, (j) =>
          ['DELIVERED', 'FAILED'].includes(j.delivery.status),
        );
        expect(job.delivery).toMatchObject({ mode: 'PUSH', status: 'DELIVERED' });
        expect(failures).toBe(2);
        expect(received.map((r) => r.name).sort()).toEqual(job.files.map((f) => f.name).sort());
        const key = pushSigningKey(
          serverSecret(api.app.get<Runtime>(RUNTIME).config),
          'push-partner',
        );
        for (const delivery of received) {
          const expected = `sha256=${createHmac('sha256', key).update(`${delivery.timestamp}.`).update(delivery.body).digest('hex')}`;
          expect(delivery.signature).toBe(expected);
        }
      } finally {
        server.close();
      }
    });
  });

  describe('schedules', () => {
    it('refuses an agreement whose schedule is not a cron expression', async () => {
      const reply = await api.gql(
        `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }`,
        {
          input: {
            key: 'bad-cron',
            name: 'x',
            level: 'AGGREGATES',
            instrumentKeys: ['microobs-mediators'],
            campaignKeys: ['microobs-2020'],
            delivery: { mode: 'DOWNLOAD', schedule: 'every monday' },
          },
        },
      );
      expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
    });

    it('keeps a scheduler for an agreement with a cron expression in the queue backend', async () => {
      await api.gql(
        `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }`,
        {
          input: {
            key: 'weekly',
            name: 'Hebdo',
            level: 'AGGREGATES',
            instrumentKeys: ['microobs-mediators'],
            campaignKeys: ['microobs-2020'],
            delivery: { mode: 'DOWNLOAD', schedule: '0 6 * * 1' },
          },
        },
      );
      // createPartner synchronised the schedules already.
      const schedulers = await api.app.get(QueueService).schedulers('export');
      expect(schedulers).toContainEqual(
        expect.objectContaining({ id: 'partner-export-weekly', pattern: '0 6 * * 1' }),
      );
      const ids = await api.app.get(ExportSchedules).runScheduled('weekly');
      const job = await waitFor(ids[0]);
      expect(job.status).toBe('COMPLETED');
    });
  });
});
