/**
 * The cell-key method's promise: the same question about the same respondents gets the same
 * figures, every time, from any process, after any restart (no noise drawn at query time, no
 * state but the database). Two API instances in this process, a third as a separate process from
 * the real entry point, and a restart, all on one database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { microobsReportResponses } from '../fixtures/microobs-report';
import { seedCampaign } from '../support/campaign-fixture';
import { createTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const AGGREGATE = `query ($input: AggregateInput!) { aggregate(input: $input) { population release { number } cells { group value count suppressed reason mean median } } }`;
const QUESTIONS = [
  { field: 'diploma' },
  { field: 'qualities' },
  { field: 'posture', groupBy: ['mediationTime'] },
  { field: 'mediationTime', groupBy: ['gender', 'teamWork'] },
  { field: 'posture', filters: [{ field: 'gender', values: ['male'] }] },
].map((question) => ({ instrumentKey: 'microobs-mediators', campaignKey: 'mo', ...question }));

async function startProcess(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['-r', path.join(ROOT, 'test/support/ts-register.js'), path.join(ROOT, 'apps/api/main.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: '0',
        LOG_LEVEL: 'info',
        DATABASE_URL: databaseUrl,
        RUN_WORKER: 'false',
        DEMO_DATA: 'false',
        DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'determinism-')),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    const match = /Observatory API is up: (http:\/\/[^\s]+)\/graphql/.exec(stdout);
    if (match) return { child, url: match[1] };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the API process did not start:\n${stdout}`);
}

describe('the same question, the same answer', () => {
  let first: TestApp;
  let partnerKey: string;

  const ask = async (api: TestApp) => {
    const answers = [];
    for (const input of QUESTIONS) {
      const reply = await api.gql<{ aggregate: unknown }>(AGGREGATE, { input }, partnerKey);
      expect(reply.errors).toBeUndefined();
      answers.push(reply.data!.aggregate);
    }
    return answers;
  };

  beforeAll(async () => {
    first = await createTestApp({ DEMO_DATA: 'false' });
    await seedCampaign(first, {
      key: 'mo',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });
    for (const [i, response] of microobsReportResponses().entries()) {
      await first.gql(`mutation ($input: SubmitInput!) { submit(input: $input) { __typename } }`, {
        input: {
          clientSubmissionId: `d-${i}`,
          instrumentKey: 'microobs-mediators',
          version: '1.0.0',
          campaignKey: 'mo',
          phase: 'q1',
          status: response.status,
          answers: response.answers,
        },
      });
    }
    await first.gql(
      'mutation { publishAggregateRelease(instrumentKey: "microobs-mediators", force: true) { number } }',
    );
    await first.gql(
      'mutation { createPartner(input: { key: "p", name: "p", level: AGGREGATES, instrumentKeys: ["microobs-mediators"], campaignKeys: ["mo"] }) { key } }',
    );
    partnerKey = (
      await first.gql<{ createApiKey: { secret: string } }>(
        'mutation { createApiKey(input: { name: "p", role: PARTNER, partnerKey: "p" }) { secret } }',
      )
    ).data!.createApiKey.secret;
    // Release policy: no automatic release while the test runs.
    await first.gql(
      'mutation { setReleasePolicy(input: { instrumentKey: "microobs-mediators", schedule: "0 0 1 1 *" }) { schedule } }',
    );
    // Seeding goes through the API, one submission at a time: slow on a busy machine.
  }, 300_000);

  it('twice, in another instance, in another process, and after a restart', async () => {
    const once = await ask(first);
    expect(await ask(first)).toEqual(once);

    const second = await createTestApp({ DEMO_DATA: 'false' }, { databaseUrl: first.databaseUrl });
    try {
      expect(await ask(second)).toEqual(once);
    } finally {
      await second.close();
    }

    const { child, url } = await startProcess(first.databaseUrl);
    try {
      for (const [i, input] of QUESTIONS.entries()) {
        const response = await request(url)
          .post('/graphql')
          .set('authorization', `Bearer ${partnerKey}`)
          .send({ query: AGGREGATE, variables: { input } });
        expect(response.body.errors).toBeUndefined();
        expect(response.body.data.aggregate).toEqual(once[i]);
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }

    await first.close();
    first = await createTestApp({ DEMO_DATA: 'false' }, { databaseUrl: first.databaseUrl });
    expect(await ask(first)).toEqual(once);
    // The admin's key still works after the restart (a sanity check of the restarted instance).
    expect((await first.gql('{ viewer { role } }', {}, TEST_ADMIN_KEY)).errors).toBeUndefined();
    // Three API starts, one of them a process of its own: more than the default minute when busy.
  }, 300_000);

  afterAll(() => first.close());
});
