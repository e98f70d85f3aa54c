/**
 * SIGTERM while the API (with its in-process worker) is under load: in-flight requests finish or
 * are refused before being acknowledged, the process exits cleanly, nothing is half-applied, and
 * the work it left (outbox events, jobs) is done by the next worker.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { derivedKey, loadAppConfig } from '@observatory/config';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { sampleAnswers } from '../support/sample-answers';
import { createTestDatabase } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');
const MICROOBS: InstrumentDefinition = JSON.parse(
  fs.readFileSync(
    path.join(ROOT, 'instruments/questionnaire/versions/microobs-mediators@1.0.0.json'),
    'utf8',
  ),
);
const ADMIN_KEY = 'graceful-shutdown-admin-key-0123456789';
const SUBMIT = 'mutation ($input: SubmitInput!) { submit(input: $input) { __typename } }';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGTERM under load', () => {
  let databaseUrl: string;
  let dataDir: string;
  const children: ChildProcess[] = [];

  const spawnService = (
    entry: string,
    env: NodeJS.ProcessEnv,
  ): { child: ChildProcess; output: () => string } => {
    const child = spawn(
      process.execPath,
      ['-r', path.join(ROOT, 'test/support/ts-register.js'), path.join(ROOT, entry)],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: databaseUrl,
          DATA_DIR: dataDir,
          LOG_LEVEL: 'warn',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return { child, output: () => output };
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('graceful');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'graceful-'));
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`INSERT INTO campaign (key, title) VALUES ('graceful', 'Graceful')`);
    await client.query(
      `INSERT INTO campaign_phase (campaign_key, key, title, position, instrument_keys) VALUES ('graceful', 'q1', 'q1', 0, '{microobs-mediators}')`,
    );
    await client.end();
  });

  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes or refuses in-flight requests, exits cleanly, and leaves nothing half-applied', async () => {
    const api = spawnService('apps/api/main.ts', {
      PORT: '0',
      ADMIN_API_KEY: ADMIN_KEY,
      RUN_WORKER: 'true',
      RATE_LIMIT_PER_MINUTE: '0',
      DEMO_DATA: 'false',
    });
    let url = '';
    const deadline = Date.now() + 60_000;
    while (!url && Date.now() < deadline) {
      url = /Observatory API is up: (http:\/\/\S+)\/graphql/.exec(api.output())?.[1] ?? '';
      await sleep(100);
    }
    expect(url).not.toBe('');

    const accepted: string[] = [];
    let refused = 0;
    let counter = 0;
    let stopping = false;
    const submitter = async (): Promise<void> => {
      while (!stopping || counter < 10_000) {
        const id = `graceful-${++counter}`;
        try {
          const response = await request(url)
            .post('/graphql')
            .set('authorization', `Bearer ${ADMIN_KEY}`)
            .send({
              query: SUBMIT,
              variables: {
                input: {
                  clientSubmissionId: id,
                  instrumentKey: 'microobs-mediators',
                  version: '1.0.0',
                  campaignKey: 'graceful',
                  phase: 'q1',
                  answers: sampleAnswers(MICROOBS, { seed: counter % 11 }),
                },
              },
            });
          if (response.body?.data?.submit?.__typename === 'SubmissionAccepted') accepted.push(id);
          else refused += 1;
        } catch {
          // Connection refused or reset: not acknowledged, so the client would retry.
          refused += 1;
          if (stopping) return;
        }
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, submitter));
    await sleep(3_000);
    const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
      const started = Date.now();
      api.child.once('exit', (code) => resolve({ code, ms: Date.now() - started }));
    });
    stopping = true;
    api.child.kill('SIGTERM');
    const { code, ms } = await exited;
    await load;
    console.log(
      `graceful shutdown: ${accepted.length} acknowledged, ${refused} refused or cut, exit in ${ms} ms`,
    );
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(accepted.length).toBeGreaterThan(10);

    // Every acknowledged submission is stored once, and each stored one has its outbox event.
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const rows = await client.query(
        `SELECT client_submission_id FROM submission WHERE campaign_key = 'graceful'`,
      );
      const stored = new Set(
        rows.rows.map((row: { client_submission_id: string }) => row.client_submission_id),
      );
      // Client ids are stored as keyed hashes (issue 13), with the key of the service's secret.
      const key = derivedKey(
        loadAppConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl }),
        'client-submission-id',
      );
      const hash = (id: string): string => createHmac('sha256', key).update(id).digest('hex');
      expect(accepted.filter((id) => !stored.has(hash(id)))).toEqual([]);
      expect(rows.rowCount).toBe(stored.size);
      const events = await client.query(
        `SELECT count(*) AS n FROM outbox_event WHERE campaign_key = 'graceful'`,
      );
      expect(Number(events.rows[0].n)).toBe(stored.size);

      // The next worker does what was left: every event relayed, every submission aggregated.
      spawnService('apps/worker/main.ts', { QUEUE_LOCK_MS: '2000' });
      const until = Date.now() + 60_000;
      let state = { unsent: -1, counted: -1 };
      while (Date.now() < until) {
        const unsent = Number(
          (await client.query(`SELECT count(*) AS n FROM outbox_event WHERE sent_at IS NULL`))
            .rows[0].n,
        );
        const counted = Number(
          (
            await client.query(
              `SELECT complete_submissions FROM aggregate_state WHERE campaign_key = 'graceful'`,
            )
          ).rows[0]?.complete_submissions ?? -1,
        );
        state = { unsent, counted };
        if (unsent === 0 && counted === stored.size) break;
        await sleep(250);
      }
      expect(state).toEqual({ unsent: 0, counted: stored.size });
    } finally {
      await client.end();
    }
  });
});
