/**
 * A worker killed (SIGKILL) in the middle of an export: another worker takes the job over once the
 * dead one's lock expires, and the retried export completes with correct, whole files.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { seedCampaign } from '../support/campaign-fixture';
import { sampleAnswers } from '../support/sample-answers';
import { spawnService, WORKER_ENTRY } from '../support/service-process';
import { createTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';

const ROOT = path.resolve(__dirname, '../..');
const MICROOBS: InstrumentDefinition = JSON.parse(
  fs.readFileSync(
    path.join(ROOT, 'instruments/questionnaire/versions/microobs-mediators@1.0.0.json'),
    'utf8',
  ),
);
const ROWS = 40000;
const SECRET = 'crash-test-export-secret-0123456789abcdef0123456789';

describe('an export whose worker is killed', () => {
  let api: TestApp;
  let exportDir: string;
  let dataDir: string;
  const workers: ChildProcess[] = [];

  const startWorker = (): ChildProcess => {
    const { child } = spawnService(WORKER_ENTRY, {
      DATABASE_URL: api.databaseUrl,
      EXPORT_DIR: exportDir,
      EXPORT_SECRET: SECRET,
      DATA_DIR: dataDir,
      QUEUE_LOCK_MS: '2000',
      LOG_LEVEL: 'warn',
    });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-exports-'));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-data-'));
    api = await createTestApp({
      RUN_WORKER: 'false',
      EXPORT_DIR: exportDir,
      EXPORT_SECRET: SECRET,
      DEMO_DATA: 'false',
    });
    await seedCampaign(api, {
      key: 'crash',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });
    // Identical answers: one class of quasi-identifiers, so nothing is suppressed and the count is exact.
    await api.app.get(DataSource).query(
      `INSERT INTO submission (id, instrument_key, instrument_version, campaign_key, phase_key, status, anonymous, answers, derived, redactions, submitted_on)
       SELECT gen_random_uuid(), 'microobs-mediators', '1.0.0', 'crash', 'q1', 'COMPLETE', false, $1::jsonb, '{}', '[]', DATE '2024-03-15'
         FROM generate_series(1, $2)`,
      [JSON.stringify(sampleAnswers(MICROOBS)), ROWS],
    );
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await api.close();
    fs.rmSync(exportDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is retried by another worker and completes with whole files and true checksums', async () => {
    const db = api.app.get(DataSource);
    const requested = await api.gql<{ requestExport: { id: string } }>(
      'mutation { requestExport(input: { instrumentKey: "microobs-mediators", campaignKey: "crash", level: MICRODATA, format: CSV }) { id } }',
    );
    const id = requested.data!.requestExport.id;

    const first = startWorker();
    await until(
      async () => {
        const [job] = await db.query('SELECT status, progress FROM export_job WHERE id = $1', [id]);
        return job.status === 'RUNNING' && job.progress > 0 ? job : undefined;
      },
      60000,
      'the first worker to be in the middle of the export',
    );
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const [interrupted] = await db.query('SELECT status FROM export_job WHERE id = $1', [id]);
    expect(interrupted.status).toBe('RUNNING');

    startWorker();
    const done = await until(
      async () => {
        const [job] = await db.query(
          'SELECT status, row_count, files, attempts, error FROM export_job WHERE id = $1',
          [id],
        );
        return job.status === 'COMPLETED' || job.status === 'FAILED' ? job : undefined;
      },
      90000,
      'the retried export to finish',
    );
    expect(done).toMatchObject({ status: 'COMPLETED', row_count: ROWS, error: null });
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    const directory = path.join(exportDir, id);
    expect(fs.readdirSync(directory).filter((name) => name.endsWith('.partial'))).toEqual([]);
    for (const file of done.files as { name: string; sha256: string; bytes: number }[]) {
      const content = fs.readFileSync(path.join(directory, file.name));
      expect(createHash('sha256').update(content).digest('hex')).toBe(file.sha256);
      expect(content.length).toBe(file.bytes);
    }
    const lines = fs
      .readFileSync(path.join(directory, 'submissions.csv'), 'utf8')
      .split('\r\n')
      .filter(Boolean);
    expect(lines).toHaveLength(ROWS + 1);
  });
});
