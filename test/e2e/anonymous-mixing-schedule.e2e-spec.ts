/**
 * The mixing runs by itself where the worker runs, on both queue backends: a repeating job kept
 * by the backend, with no call from the test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { QueueService } from '@observatory/queue';
import { MIXING_QUEUE } from '@observatory/submissions';
import { seedCampaign } from '../support/campaign-fixture';
import { sampleAnswers } from '../support/sample-answers';
import { createTestApp, type TestApp } from '../support/test-app';
import { freePort, waitForPort } from '../support/test-services';
import { until } from '../support/until';

const PIC: InstrumentDefinition = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../instruments/skills-test/versions/techess-pic-test@1.0.0.json'),
    'utf8',
  ),
);

// Redis: a server of this file's own, so no other test's worker takes its jobs. Under CI=true
// the global setup fails without redis-server, so both backends always run there.
const backends = [
  'postgres',
  ...(spawnSync('redis-server', ['--version']).status === 0 ? ['redis'] : []),
];

describe.each(backends)('the mixing job on the %s queue backend', (backend) => {
  let api: TestApp;
  let redis: ChildProcess | undefined;

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = { DEMO_DATA: 'false', RUN_WORKER: 'true' };
    if (backend === 'redis') {
      const port = await freePort();
      redis = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      await waitForPort(port);
      Object.assign(env, { QUEUE_BACKEND: 'redis', REDIS_URL: `redis://127.0.0.1:${port}` });
    }
    api = await createTestApp(env, { scheduledMixing: true });
    await seedCampaign(api, {
      key: 'scheduled',
      phases: [{ key: 'seminar', instrumentKeys: ['techess-pic-test'] }],
    });
  });

  afterAll(async () => {
    await api?.close();
    redis?.kill('SIGKILL');
  });

  it('stores the answers of a pool that is due, on its schedule', async () => {
    const schedulers = await api.app.get(QueueService).schedulers(MIXING_QUEUE);
    expect(schedulers.map((s) => s.id)).toEqual(['anonymous-mixing']);
    const tokens = (
      await api.gql<{ issueAnonymousTokens: string[] }>(
        'mutation { issueAnonymousTokens(campaignKey: "scheduled", instrumentKey: "techess-pic-test", count: 3) }',
      )
    ).data!.issueAnonymousTokens;
    for (const token of tokens) {
      const reply = await api.gql<{ submitAnonymous: { __typename: string } }>(
        'mutation ($input: AnonymousSubmitInput!) { submitAnonymous(input: $input) { __typename } }',
        { input: { token, answers: sampleAnswers(PIC) } },
        null,
      );
      expect(reply.data?.submitAnonymous.__typename).toBe('SubmissionAccepted');
    }
    const db = api.app.get(DataSource);
    // Every token used: due at the next tick (every 15 s).
    await until(
      async () =>
        (await db.query(`SELECT count(*)::int AS n FROM submission WHERE anonymous`))[0].n === 3
          ? true
          : undefined,
      60000,
      'the scheduled mixing',
    );
    expect(await db.query(`SELECT count(*)::int AS n FROM anonymous_answer_pool`)).toEqual([
      { n: 0 },
    ]);
  }, 90000);
});
