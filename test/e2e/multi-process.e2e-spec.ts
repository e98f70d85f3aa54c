/**
 * Beyond one machine, on one: two API processes and two standalone workers, real processes on
 * real ports, sharing one external PostgreSQL (a database of the tests' server) and one
 * redis-server. Each kind of background work runs exactly once, whichever API took the request
 * and whichever worker took the job, and the rate limit is one budget for both APIs.
 *
 * Each kind of work is one entry of JOB_KINDS: how to start it through the APIs, and how to tell
 * from the database that it ran exactly once. A new kind is one more entry.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { builtinDefinition } from '../support/builtin-definitions';
import { sampleAnswers } from '../support/sample-answers';
import { createTestDatabase } from '../support/test-database';
import {
  API_ENTRY,
  apiUrl,
  killed,
  logged,
  sleep,
  spawnService,
  startRedisServer,
  WORKER_ENTRY,
  type ServiceProcess,
} from '../support/service-process';

jest.setTimeout(300_000);

const ADMIN_KEY = 'multi-process-admin-key-0123456789';
const MICROOBS = builtinDefinition('questionnaire', 'microobs-mediators');
const PIC = builtinDefinition('skills-test', 'techess-pic-test');

interface Cluster {
  apis: string[];
  db: Client;
  /** A GraphQL call to API number `api` (0 or 1), with the admin key unless told otherwise. */
  gql<T = Record<string, unknown>>(
    api: number,
    query: string,
    variables?: Record<string, unknown>,
    /** `null`: no API key (the anonymous test). */
    key?: string | null,
  ): Promise<{ status: number; data?: T; errors?: { extensions?: { code?: string } }[] }>;
}

interface JobKind {
  name: string;
  /** Runs before the workers start (agreements whose schedules the workers pick up). */
  prepare?(cluster: Cluster): Promise<void>;
  /** Starts the work through the APIs, alternating between them; returns what to check. */
  start(cluster: Cluster): Promise<unknown>;
  /** Resolves once the work is done (polls), then checks it ran exactly once. */
  ranExactlyOnce(cluster: Cluster, started: unknown): Promise<void>;
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last !== undefined) return last;
    await sleep(250);
  }
  throw new Error(`${what}: not done within ${timeoutMs} ms`);
}

const SUBMISSIONS = 40;
const ANONYMOUS_ANSWERS = 6;
const EXPORTS = 4;
const SCHEDULE_SECONDS = 4;

const JOB_KINDS: JobKind[] = [
  {
    name: 'submissions (and their retries on the other API)',
    async start(cluster) {
      const SUBMIT = `mutation ($input: SubmitInput!) { submit(input: $input) {
        __typename ... on SubmissionAccepted { duplicate } } }`;
      const input = (i: number) => ({
        clientSubmissionId: `multi-${i}`,
        instrumentKey: 'microobs-mediators',
        version: '1.0.0',
        campaignKey: 'multi',
        phase: 'q1',
        answers: sampleAnswers(MICROOBS, { seed: i }),
      });
      const first = await Promise.all(
        Array.from({ length: SUBMISSIONS }, (_, i) =>
          cluster.gql(i % 2, SUBMIT, { input: input(i) }),
        ),
      );
      expect(
        first.map((reply) => (reply.data as { submit: { __typename: string } }).submit.__typename),
      ).toEqual(Array(SUBMISSIONS).fill('SubmissionAccepted'));
      // The same requests again, each to the other API: duplicates, not new rows.
      const retries = await Promise.all(
        Array.from({ length: 10 }, (_, i) => cluster.gql((i + 1) % 2, SUBMIT, { input: input(i) })),
      );
      expect(
        retries.map((reply) => (reply.data as { submit: { duplicate: boolean } }).submit.duplicate),
      ).toEqual(Array(10).fill(true));
      return undefined;
    },
    async ranExactlyOnce({ db }) {
      const rows = await db.query(
        `SELECT client_submission_id, count(*)::int AS n FROM submission WHERE campaign_key = 'multi' GROUP BY 1`,
      );
      expect(rows.rowCount).toBe(SUBMISSIONS);
      expect(rows.rows.every((row: { n: number }) => row.n === 1)).toBe(true);
      const events = await db.query(
        `SELECT count(*)::int AS n FROM outbox_event WHERE campaign_key = 'multi'`,
      );
      expect(events.rows[0].n).toBe(SUBMISSIONS);
    },
  },
  {
    name: 'aggregation (the outbox relayed by two workers, recomputed once per change)',
    async start() {
      return undefined;
    },
    async ranExactlyOnce({ db }) {
      const counted = await eventually('aggregation', async () => {
        const unsent = await db.query(
          `SELECT count(*)::int AS n FROM outbox_event WHERE sent_at IS NULL`,
        );
        const state = await db.query(
          `SELECT complete_submissions AS n FROM aggregate_state WHERE campaign_key = 'multi'`,
        );
        const n = state.rows[0]?.n;
        return unsent.rows[0].n === 0 && n === SUBMISSIONS ? n : undefined;
      });
      expect(counted).toBe(SUBMISSIONS);
      // Every submission counted once in the cells: a delta applied twice would show here.
      const cells = await db.query(
        `SELECT sum(count)::int AS n FROM aggregate_cell WHERE campaign_key = 'multi' AND field_key = 'gender'`,
      );
      expect(cells.rows[0].n).toBe(SUBMISSIONS);
    },
  },
  {
    name: 'releases (advanced after the aggregation by either worker, each change in one release)',
    async prepare(cluster) {
      // Every aggregation job may advance the release (default: at most one a minute).
      const reply = await cluster.gql(
        0,
        `mutation { setReleasePolicy(input: { instrumentKey: "microobs-mediators", minimumIntervalSeconds: 0 }) { instrumentKey } }`,
      );
      expect(reply.errors).toBeUndefined();
    },
    async start() {
      return undefined;
    },
    async ranExactlyOnce({ db }) {
      // A release takes at least k = 5 changes: at most 4 submissions may wait for the next one.
      const members = await eventually('release', async () => {
        const counted = await db.query(
          `SELECT count(*)::int AS n FROM release_member WHERE instrument_key = 'microobs-mediators'`,
        );
        return counted.rows[0].n > SUBMISSIONS - 5 ? counted.rows[0].n : undefined;
      });
      const releases = await db.query(
        `SELECT number, changes FROM aggregate_release WHERE instrument_key = 'microobs-mediators' ORDER BY number`,
      );
      const numbers = releases.rows.map((row: { number: number }) => row.number);
      expect(numbers).toEqual(numbers.map((_: number, i: number) => i + 1));
      // Each release is one set of changes, counted once: a release made by both workers, or a
      // change counted twice, would make the sum larger than the members.
      const changes = releases.rows.map((row: { changes: number }) => row.changes);
      expect(changes.every((n: number) => n >= 5)).toBe(true);
      const last = await db.query(
        `SELECT respondents FROM aggregate_release WHERE instrument_key = 'microobs-mediators' ORDER BY number DESC LIMIT 1`,
      );
      expect(changes.reduce((sum: number, n: number) => sum + n, 0)).toBe(last.rows[0].respondents);
      expect(last.rows[0].respondents).toBe(members);
    },
  },
  {
    name: 'the anonymous mixing (scheduled on both workers, each answer stored once)',
    async prepare({ db }) {
      // A campaign of its own: the other kinds count the rows and events of 'multi'.
      await db.query(`INSERT INTO campaign (key, title) VALUES ('multi-seminar', 'Séminaire')`);
      await db.query(
        `INSERT INTO campaign_phase (campaign_key, key, title, position, instrument_keys)
         VALUES ('multi-seminar', 'seminar', 'seminar', 0, '{techess-pic-test}')`,
      );
    },
    async start(cluster) {
      const issued = await cluster.gql<{ issueAnonymousTokens: string[] }>(
        0,
        `mutation { issueAnonymousTokens(campaignKey: "multi-seminar", instrumentKey: "techess-pic-test", count: ${ANONYMOUS_ANSWERS}) }`,
      );
      const tokens = issued.data!.issueAnonymousTokens;
      const SUBMIT_ANONYMOUS = `mutation ($input: AnonymousSubmitInput!) {
        submitAnonymous(input: $input) { __typename } }`;
      for (const [i, token] of tokens.entries()) {
        const reply = await cluster.gql<{ submitAnonymous: { __typename: string } }>(
          i % 2,
          SUBMIT_ANONYMOUS,
          { input: { token, answers: sampleAnswers(PIC, { seed: i }) } },
          null,
        );
        expect(reply.data?.submitAnonymous.__typename).toBe('SubmissionAccepted');
      }
      return undefined;
    },
    async ranExactlyOnce({ db }) {
      // Every token used: the pool is due at the next tick (every 15 s), on one worker or the other.
      const stored = await eventually('mixing', async () => {
        const pool = await db.query(`SELECT count(*)::int AS n FROM anonymous_answer_pool`);
        const rows = await db.query(
          `SELECT count(*)::int AS n FROM submission WHERE anonymous AND campaign_key = 'multi-seminar'`,
        );
        return pool.rows[0].n === 0 && rows.rows[0].n > 0 ? rows.rows[0].n : undefined;
      });
      expect(stored).toBe(ANONYMOUS_ANSWERS);
    },
  },
  {
    name: 'exports requested on both APIs',
    async start(cluster) {
      const REQUEST = `mutation { requestExport(input: { instrumentKey: "microobs-mediators",
        campaignKey: "multi", partnerKey: "multi-partner", level: AGGREGATES, format: CSV }) { id } }`;
      const ids: string[] = [];
      for (let i = 0; i < EXPORTS; i++) {
        const reply = await cluster.gql<{ requestExport: { id: string } }>(i % 2, REQUEST);
        expect(reply.errors).toBeUndefined();
        ids.push(reply.data!.requestExport.id);
      }
      return ids;
    },
    async ranExactlyOnce({ db }, started) {
      const ids = started as string[];
      const rows = await eventually('exports', async () => {
        const result = await db.query(
          `SELECT id, status, attempts FROM export_job WHERE id = ANY($1::uuid[])`,
          [ids],
        );
        return result.rows.every((row: { status: string }) => row.status === 'COMPLETED')
          ? result.rows
          : undefined;
      });
      expect(rows).toHaveLength(EXPORTS);
      // Run once each: one attempt, by one worker.
      expect(rows.map((row: { attempts: number }) => row.attempts)).toEqual(Array(EXPORTS).fill(1));
    },
  },
  {
    name: `an agreement's schedule (every ${SCHEDULE_SECONDS} s), with both workers holding it`,
    async prepare(cluster) {
      const reply = await cluster.gql(
        0,
        `mutation { createPartner(input: { key: "multi-partner", name: "Multi", level: AGGREGATES,
          instrumentKeys: ["microobs-mediators"], campaignKeys: ["multi"],
          delivery: { mode: DOWNLOAD, schedule: "*/${SCHEDULE_SECONDS} * * * * *" } }) { key } }`,
      );
      expect(reply.errors).toBeUndefined();
    },
    async start() {
      // Let the schedule fire a few times.
      await sleep(SCHEDULE_SECONDS * 4 * 1000);
      return undefined;
    },
    async ranExactlyOnce({ db }) {
      const runs = await db.query(
        `SELECT (extract(epoch FROM created_at) * 1000)::bigint AS at FROM export_job WHERE scheduled ORDER BY created_at`,
      );
      const times = runs.rows.map((row: { at: string }) => Number(row.at));
      // Several ticks ran; a tick run by both workers would show as two exports at once.
      expect(times.length).toBeGreaterThanOrEqual(2);
      const gaps = times.slice(1).map((at, i) => at - times[i]);
      expect(gaps.filter((gap) => gap < 1000)).toEqual([]);
    },
  },
];

describe('two APIs and two workers on one PostgreSQL and one Redis', () => {
  const processes: ServiceProcess[] = [];
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let exportDir: string;
  let cluster: Cluster;

  beforeAll(async () => {
    redis = await startRedisServer();
    exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'multi-process-'));
    const databaseUrl = await createTestDatabase('multi');
    const shared = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      EXPORT_SECRET: 'multi-process-export-secret-0123456789abcdef',
      EXPORT_DIR: exportDir,
      DATA_DIR: exportDir,
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
      QUEUE_LOCK_MS: '5000',
      // 600 a minute: 100 per 10-second window, one budget for both APIs.
      RATE_LIMIT_PER_MINUTE: '600',
    };
    const apis = [0, 1].map(() => spawnService(API_ENTRY, { ...shared, PORT: '0' }));
    processes.push(...apis);
    const urls = await Promise.all(apis.map((api) => apiUrl(api)));
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    cluster = {
      apis: urls,
      db,
      async gql(api, query, variables, key = ADMIN_KEY) {
        let call = request(urls[api]).post('/graphql');
        if (key !== null) call = call.set('authorization', `Bearer ${key}`);
        const response = await call.send({ query, variables });
        return { status: response.status, data: response.body.data, errors: response.body.errors };
      },
    };
    await db.query(`INSERT INTO campaign (key, title) VALUES ('multi', 'Multi')`);
    await db.query(
      `INSERT INTO campaign_phase (campaign_key, key, title, position, instrument_keys)
       VALUES ('multi', 'q1', 'q1', 0, '{microobs-mediators}')`,
    );
    for (const kind of JOB_KINDS) await kind.prepare?.(cluster);
    // Info level: the worker says when it has started.
    const workers = [0, 1].map(() => spawnService(WORKER_ENTRY, { ...shared, LOG_LEVEL: 'info' }));
    processes.push(...workers);
    await Promise.all(workers.map((worker) => logged(worker, 'observatory worker started')));
  });

  afterAll(async () => {
    for (const running of processes) await killed(running);
    await cluster?.db.end();
    await redis?.stop();
    fs.rmSync(exportDir, { recursive: true, force: true });
  });

  it('runs each kind of background work exactly once', async () => {
    const started: unknown[] = [];
    for (const kind of JOB_KINDS) started.push(await kind.start(cluster));
    for (const [index, kind] of JOB_KINDS.entries()) {
      try {
        await kind.ranExactlyOnce(cluster, started[index]);
      } catch (error) {
        throw new Error(`${kind.name}: ${(error as Error).message}`, { cause: error });
      }
    }
  });

  it('counts the rate limit once for both APIs', async () => {
    // A burst of 160 within one 10-second window (a new key's window starts at its first
    // request); a slower burst spans two windows and proves nothing, so it is tried again.
    const burst = async () => {
      const created = await cluster.gql<{ createApiKey: { secret: string } }>(
        0,
        'mutation { createApiKey(input: { name: "rate", role: ADMIN }) { secret } }',
      );
      const key = created.data!.createApiKey.secret;
      const startedAt = Date.now();
      const statuses = await Promise.all(
        Array.from({ length: 160 }, (_, i) => cluster.gql(i % 2, '{ __typename }', undefined, key)),
      );
      return { statuses, inOneWindow: Date.now() - startedAt < 10_000 };
    };
    let attempt = await burst();
    for (let tries = 1; !attempt.inOneWindow && tries < 5; tries++) attempt = await burst();
    expect(attempt.inOneWindow).toBe(true);
    const { statuses } = attempt;
    // Counted apart, each API would accept all of its 80; counted together, 100 of the 160 pass
    // (which API gets the refusals depends on which answers faster).
    expect(statuses.filter((reply) => reply.status === 200)).toHaveLength(100);
    expect(statuses.every((reply) => reply.status === 200 || reply.status === 429)).toBe(true);
  });
});
