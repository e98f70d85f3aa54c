/**
 * A worker killed (SIGKILL) in the middle of a mixing transaction: the answers it had inserted
 * and the pool rows it had deleted come back with the rollback, the tokens stay spent, and the
 * next worker stores every answer exactly once. Nothing between the spending of a token and the
 * mixing of its answer can lose the answer.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { InstrumentDefinition, JsonObject } from '@observatory/instrument-sdk';
import { seedCampaign } from '../support/campaign-fixture';
import { sampleAnswers } from '../support/sample-answers';
import { spawnService, WORKER_ENTRY } from '../support/service-process';
import { createTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';

const ROOT = path.resolve(__dirname, '../..');
const PIC: InstrumentDefinition = JSON.parse(
  fs.readFileSync(
    path.join(ROOT, 'instruments/skills-test/versions/techess-pic-test@1.0.0.json'),
    'utf8',
  ),
);
const SECRET = 'crash-test-mixing-secret-0123456789abcdef0123456789';
const ANSWERS = 12;

describe('a mixing whose worker is killed', () => {
  let api: TestApp;
  let db: Client;
  let dataDir: string;
  const workers: ChildProcess[] = [];

  const startWorker = (): ChildProcess => {
    const { child } = spawnService(WORKER_ENTRY, {
      DATABASE_URL: api.databaseUrl,
      EXPORT_SECRET: SECRET,
      DATA_DIR: dataDir,
      QUEUE_LOCK_MS: '2000',
      LOG_LEVEL: 'warn',
    });
    workers.push(child);
    return child;
  };
  const count = async (sql: string): Promise<number> => (await db.query(sql)).rows[0].n;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mixing-crash-'));
    api = await createTestApp({
      RUN_WORKER: 'false',
      EXPORT_SECRET: SECRET,
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
    });
    db = new Client({ connectionString: api.databaseUrl });
    await db.connect();
    await seedCampaign(api, {
      key: 'crash',
      phases: [{ key: 'seminar', instrumentKeys: ['techess-pic-test'] }],
    });
    const tokens = (
      await api.gql<{ issueAnonymousTokens: string[] }>(
        `mutation { issueAnonymousTokens(campaignKey: "crash", instrumentKey: "techess-pic-test", count: ${ANSWERS}) }`,
      )
    ).data!.issueAnonymousTokens;
    for (const [i, token] of tokens.entries()) {
      const answers = sampleAnswers(PIC);
      answers.item01 = ['a', 'b', 'c'][i % 3];
      answers.item02 = ['a', 'b', 'c'][Math.floor(i / 3) % 3];
      answers.item03 = ['a', 'b', 'c'][Math.floor(i / 9) % 3];
      const reply = await api.gql<{ submitAnonymous: { __typename: string } }>(
        'mutation ($input: AnonymousSubmitInput!) { submitAnonymous(input: $input) { __typename } }',
        { input: { token, answers } },
        null,
      );
      expect(reply.data?.submitAnonymous.__typename).toBe('SubmissionAccepted');
    }
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await db?.end();
    await api?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no answer and stores none twice', async () => {
    expect(await count(`SELECT count(*)::int AS n FROM anonymous_answer_pool`)).toBe(ANSWERS);
    expect(await count(`SELECT count(*)::int AS n FROM anonymous_token WHERE spent`)).toBe(ANSWERS);

    // Hold the outbox so that the mixing transaction stops at its last write, after it has
    // inserted the batch and deleted the pool rows, but before it can commit.
    const holder = new Client({ connectionString: api.databaseUrl });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE outbox_event IN SHARE MODE');
    const first = startWorker();
    const waiting = await until(
      async () => {
        const { rows } = await db.query<{ pid: number }>(
          `SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE c.relname = 'outbox_event' AND NOT l.granted`,
        );
        return rows[0]?.pid;
      },
      90000,
      'the mixing to wait on the outbox, in the middle of its transaction',
    );
    // By then it has inserted the batch and deleted the pool rows (uncommitted).
    const written = await db.query<{ relname: string }>(
      `SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE l.pid = $1 AND l.mode = 'RowExclusiveLock' AND l.granted ORDER BY 1`,
      [waiting],
    );
    expect(written.rows.map((row) => row.relname)).toEqual(
      expect.arrayContaining(['anonymous_answer_pool', 'anonymous_token', 'submission']),
    );
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    await holder.query('COMMIT');
    await holder.end();
    // The dead worker's transaction is rolled back once its session notices the client is gone.
    await until(
      async () =>
        (await count(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                       WHERE c.relname = 'anonymous_answer_pool' AND l.pid <> pg_backend_pid()`)) ===
        0
          ? true
          : undefined,
      30000,
      'the killed worker’s transaction to end',
    );
    expect(await count(`SELECT count(*)::int AS n FROM anonymous_answer_pool`)).toBe(ANSWERS);
    expect(await count(`SELECT count(*)::int AS n FROM submission`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM anonymous_token WHERE spent`)).toBe(ANSWERS);

    startWorker();
    await until(
      async () =>
        (await count(`SELECT count(*)::int AS n FROM submission`)) > 0 ? true : undefined,
      90000,
      'the next worker to mix',
    );
    const rows: { answers: JsonObject; x: string }[] = (
      await db.query(`SELECT answers, xmin::text AS x FROM submission WHERE anonymous`)
    ).rows;
    expect(rows).toHaveLength(ANSWERS);
    expect(new Set(rows.map((row) => row.x)).size).toBe(1);
    const seen = rows.map(
      (row) => `${row.answers.item01}${row.answers.item02}${row.answers.item03}`,
    );
    expect(new Set(seen).size).toBe(ANSWERS);
    expect(await count(`SELECT count(*)::int AS n FROM anonymous_answer_pool`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM anonymous_token`)).toBe(0);
  }, 240000);
});
