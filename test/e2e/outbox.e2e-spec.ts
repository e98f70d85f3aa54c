import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { DataSource } from 'typeorm';
import { seedCampaign } from '../support/campaign-fixture';
import { sampleAnswers } from '../support/sample-answers';
import { createTestApp, type TestApp } from '../support/test-app';
import { testRedisUrl } from '../support/test-database';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';

const MICROOBS: InstrumentDefinition = JSON.parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../instruments/questionnaire/versions/microobs-mediators@1.0.0.json',
    ),
    'utf8',
  ),
);
const SUBMIT = `mutation ($input: SubmitInput!) { submit(input: $input) { __typename } }`;

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function submitMany(api: TestApp, count: number, prefix: string): Promise<string[]> {
  const replies = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      api.gql<{ submit: { __typename: string } }>(SUBMIT, {
        input: {
          clientSubmissionId: `${prefix}-${i}`,
          instrumentKey: 'microobs-mediators',
          version: '1.0.0',
          campaignKey: 'microobs-t',
          phase: 'q1',
          answers: sampleAnswers(MICROOBS, { seed: i }),
        },
      }),
    ),
  );
  return replies.map((reply) => reply.data?.submit.__typename ?? 'error');
}

async function aggregatedCount(db: DataSource): Promise<number> {
  const rows = await db.query(
    `SELECT complete_submissions FROM aggregate_state WHERE instrument_key = 'microobs-mediators' AND campaign_key = 'microobs-t'`,
  );
  return rows.length ? Number(rows[0].complete_submissions) : 0;
}

async function unsent(db: DataSource): Promise<number> {
  return Number(
    (await db.query('SELECT count(*) AS n FROM outbox_event WHERE sent_at IS NULL'))[0].n,
  );
}

describe('outbox to aggregation on the PostgreSQL queue backend', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'false' });
    await seedCampaign(api, {
      key: 'microobs-t',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });
  });
  afterAll(() => api.close());

  it('relays every accepted submission to the aggregation, which counts them all', async () => {
    const db = api.app.get(DataSource);
    const results = await submitMany(api, 40, 'pg');
    expect(results.every((name) => name === 'SubmissionAccepted')).toBe(true);
    await waitFor(async () => (await aggregatedCount(db)) === 40 && (await unsent(db)) === 0);
  });
});

const redisAvailable =
  Boolean(testRedisUrl()) && spawnSync('redis-server', ['--version']).status === 0;
// Under CI=true the global setup fails without Redis, so this always runs in CI.
if (redisAvailable)
  describe('outbox while the Redis queue backend is down', () => {
    let api: TestApp;
    let redis: ChildProcess | undefined;
    let port: number;

    const startRedis = async (): Promise<void> => {
      redis = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      await waitFor(
        () =>
          new Promise<boolean>((resolve) => {
            const socket = net.connect(port, '127.0.0.1', () => {
              socket.end();
              resolve(true);
            });
            socket.on('error', () => resolve(false));
          }),
        10000,
      );
    };
    const stopRedis = async (): Promise<void> => {
      const current = redis;
      if (!current || current.exitCode !== null) return;
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.kill('SIGKILL');
      await exited;
    };

    beforeAll(async () => {
      port = await new Promise<number>((resolve) => {
        const server = net.createServer().listen(0, '127.0.0.1', () => {
          const address = server.address() as net.AddressInfo;
          server.close(() => resolve(address.port));
        });
      });
      await startRedis();
      api = await createTestApp({
        DEMO_DATA: 'false',
        QUEUE_BACKEND: 'redis',
        REDIS_URL: `redis://127.0.0.1:${port}`,
      });
      await seedCampaign(api, {
        key: 'microobs-t',
        phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
      });
    });
    afterAll(async () => {
      await api.close();
      await stopRedis();
    });

    it('accepts submissions while Redis is down and processes them once it is back', async () => {
      const db = api.app.get(DataSource);
      await stopRedis();
      expect((await api.http().get('/health')).status).toBe(503);

      const results = await submitMany(api, 12, 'redis-down');
      expect(results.every((name) => name === 'SubmissionAccepted')).toBe(true);
      expect(Number((await db.query('SELECT count(*) AS n FROM submission'))[0].n)).toBe(12);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await unsent(db)).toBe(12);
      expect(await aggregatedCount(db)).toBe(0);

      await startRedis();
      await waitFor(
        async () => (await unsent(db)) === 0 && (await aggregatedCount(db)) === 12,
        40000,
      );
      expect((await api.http().get('/health')).status).toBe(200);
    });
  });
