/**
 * The anonymous skills test as a participant's device lives it, over HTTP with no API key: it
 * knows only its token, loads the form, submits the cohort it chooses and the answers. And the
 * rules around it: one refusal for an unknown, used or expired token; one answer per token even
 * under 30 concurrent tries; answers that count nowhere until a batch of them is mixed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import type { InstrumentDefinition, JsonObject } from '@observatory/instrument-sdk';
import {
  AnonymousSubmissionService,
  generateAnonymousToken,
  INVALID_TOKEN_MESSAGE,
} from '@observatory/submissions';
import { mixAnonymousAnswers } from '../support/anonymous-mixing';
import { seedCampaign } from '../support/campaign-fixture';
import { sampleAnswers } from '../support/sample-answers';
import { createTestApp, errorCodes, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const PIC: InstrumentDefinition = JSON.parse(
  fs.readFileSync(
    path.join(ROOT, 'instruments/skills-test/versions/techess-pic-test@1.0.0.json'),
    'utf8',
  ),
);

const FORM = `query ($token: String!) {
  anonymousForm(token: $token) {
    campaignKey campaignTitle instrumentKey version title definition surveyJs answerSchema
    phases { key title closesAt } open branches { key title } respondentRoles tokenExpiresAt
  }
}`;
const SUBMIT = `mutation ($input: AnonymousSubmitInput!) {
  submitAnonymous(input: $input) {
    __typename
    ... on SubmissionAccepted { submission { id phase version branch respondentRole anonymous derived } }
    ... on SubmissionRejected { errors { path code message } }
  }
}`;

interface Form {
  campaignKey: string;
  instrumentKey: string;
  version: string;
  title: string;
  definition: JsonObject;
  surveyJs: JsonObject;
  answerSchema: JsonObject;
  phases: { key: string }[];
  open: boolean;
  branches: { key: string; title: string }[];
  respondentRoles: string[];
  tokenExpiresAt: string;
}
type Reply =
  | { __typename: 'SubmissionAccepted'; submission: Record<string, unknown> }
  | { __typename: 'SubmissionRejected'; errors: { path: string; code: string; message: string }[] };

/** Answers that say whose they are (items 01–06 in base 3), so a stored row can be recognised. */
function answersFor(index: number): JsonObject {
  const answers = sampleAnswers(PIC);
  for (let digit = 0, rest = index; digit < 6; digit++, rest = Math.floor(rest / 3)) {
    answers[`item0${digit + 1}`] = ['a', 'b', 'c'][rest % 3];
  }
  return answers;
}

describe('the anonymous skills test, for a device that knows only its token', () => {
  let api: TestApp;
  let db: DataSource;

  const issue = async (campaignKey: string, count: number, extra = ''): Promise<string[]> => {
    const reply = await api.gql<{ issueAnonymousTokens: string[] }>(
      `mutation { issueAnonymousTokens(campaignKey: "${campaignKey}", instrumentKey: "techess-pic-test", count: ${count}${extra}) }`,
    );
    expect(reply.errors).toBeUndefined();
    return reply.data!.issueAnonymousTokens;
  };
  // No API key on a participant's device: every call below goes without one.
  const form = (token: string) => api.gql<{ anonymousForm: Form }>(FORM, { token }, null);
  const submit = async (input: Record<string, unknown>): Promise<Reply> => {
    const reply = await api.gql<{ submitAnonymous: Reply }>(SUBMIT, { input }, null);
    expect(reply.errors).toBeUndefined();
    return reply.data!.submitAnonymous;
  };
  const stored = async (campaignKey: string): Promise<number> =>
    (
      await db.query(`SELECT count(*)::int AS n FROM submission WHERE campaign_key = $1`, [
        campaignKey,
      ])
    )[0].n;
  const listed = async (campaignKey: string): Promise<number> =>
    (
      await api.gql<{ submissions: { totalCount: number } }>(
        `{ submissions(campaignKey: "${campaignKey}", instrumentKey: "techess-pic-test") { totalCount } }`,
      )
    ).data!.submissions.totalCount;

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'false' });
    db = api.app.get(DataSource);
    for (const key of ['seminar-a', 'seminar-b', 'seminar-c', 'seminar-d', 'seminar-e']) {
      await seedCampaign(api, {
        key,
        branches: ['insertion', 'aide-a-domicile'],
        phases: [
          { key: 'day1', instrumentKeys: ['techess-debrief'] },
          { key: 'seminar', instrumentKeys: ['techess-pic-test'] },
        ],
      });
    }
    await seedCampaign(api, {
      key: 'two-seminars',
      phases: [
        { key: 'morning', instrumentKeys: ['techess-pic-test'] },
        { key: 'afternoon', instrumentKeys: ['techess-pic-test'] },
      ],
    });
  });
  afterAll(() => api.close());

  it('loads the form, the phase and the cohort choices, then submits with nothing but those', async () => {
    const [token] = await issue('seminar-a', 3);
    const loaded = await form(token);
    expect(loaded.errors).toBeUndefined();
    const view = loaded.data!.anonymousForm;
    expect(view).toMatchObject({
      campaignKey: 'seminar-a',
      instrumentKey: 'techess-pic-test',
      version: '1.0.0',
      phases: [{ key: 'seminar' }],
      open: true,
      branches: [
        { key: 'insertion', title: 'insertion' },
        { key: 'aide-a-domicile', title: 'aide-a-domicile' },
      ],
      respondentRoles: ['MEDIATOR', 'PROFESSIONAL'],
    });
    expect(view.title).toBe(PIC.title.fr);
    expect((view.surveyJs.pages as unknown[]).length).toBeGreaterThan(0);
    expect(view.answerSchema.$schema).toMatch(/2020-12/);
    expect(view.definition.fields).toHaveLength(PIC.fields.length);
    // The public view: never the answer key.
    expect(JSON.stringify(view)).not.toMatch(/"correct"/);
    const days = (Date.parse(view.tokenExpiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);

    const reply = await submit({
      token,
      branch: 'insertion',
      respondentRole: 'PROFESSIONAL',
      answers: sampleAnswers(PIC),
    });
    expect(reply).toMatchObject({
      __typename: 'SubmissionAccepted',
      submission: {
        phase: 'seminar',
        version: '1.0.0',
        branch: 'insertion',
        respondentRole: 'PROFESSIONAL',
        anonymous: true,
        derived: { total: { max: 20 } },
      },
    });
  });

  it('refuses an unknown, a used and an expired token alike, in the form and at submission', async () => {
    const [used, other] = await issue('seminar-b', 2);
    const answers = sampleAnswers(PIC);
    expect((await submit({ token: used, answers })).__typename).toBe('SubmissionAccepted');
    const [expired] = await api.app
      .get(AnonymousSubmissionService)
      .issueTokens('seminar-b', 'techess-pic-test', 1, 1, new Date(Date.now() - 2 * 86_400_000));

    const refusedTokens = {
      unknown: generateAnonymousToken(),
      'used (waiting to be mixed)': used,
      expired,
      'for another campaign': other,
    };
    const refusal = { path: 'token', code: 'INVALID_TOKEN', message: INVALID_TOKEN_MESSAGE };
    for (const [what, token] of Object.entries(refusedTokens)) {
      const input =
        what === 'for another campaign'
          ? { token, answers, campaignKey: 'seminar-a', instrumentKey: 'techess-pic-test' }
          : { token, answers };
      expect([what, await submit(input)]).toEqual([
        what,
        { __typename: 'SubmissionRejected', errors: [refusal] },
      ]);
      if (what === 'for another campaign') continue;
      const loaded = await form(token);
      expect([what, loaded.status, loaded.data, loaded.errors]).toEqual([
        what,
        200,
        null,
        [
          {
            message: INVALID_TOKEN_MESSAGE,
            path: ['anonymousForm'],
            extensions: { code: 'INVALID_TOKEN' },
          },
        ],
      ]);
    }
    // Once mixed, a used token is gone altogether: still the same refusal.
    await db.query(
      `UPDATE campaign_phase SET closes_at = now() - interval '1 second' WHERE campaign_key = 'seminar-b'`,
    );
    expect(await mixAnonymousAnswers(api)).toEqual([1]);
    expect(
      await db.query(
        `SELECT count(*)::int AS n FROM anonymous_token WHERE spent AND campaign_key = 'seminar-b'`,
      ),
    ).toEqual([{ n: 0 }]);
    expect(await submit({ token: used, answers })).toEqual({
      __typename: 'SubmissionRejected',
      errors: [refusal],
    });
    expect(errorCodes(await form(used))).toEqual(['INVALID_TOKEN']);
    // The token refused for another campaign was not spent by the attempt.
    expect((await form(other)).data?.anonymousForm.campaignKey).toBe('seminar-b');
  });

  it('stores one answer when 30 devices send the same token at once', async () => {
    const [token] = await issue('seminar-c', 1);
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) => submit({ token, answers: answersFor(i) })),
    );
    const accepted = replies.filter((reply) => reply.__typename === 'SubmissionAccepted');
    expect(accepted).toHaveLength(1);
    for (const reply of replies.filter((r) => r.__typename === 'SubmissionRejected')) {
      expect(reply).toEqual({
        __typename: 'SubmissionRejected',
        errors: [{ path: 'token', code: 'INVALID_TOKEN', message: INVALID_TOKEN_MESSAGE }],
      });
    }
    // Every token is used: the pool is final, its one answer is stored.
    expect(await mixAnonymousAnswers(api)).toEqual([1]);
    // Stored under the id the accepted reply gave.
    expect(await db.query(`SELECT id FROM submission WHERE campaign_key = 'seminar-c'`)).toEqual([
      { id: accepted[0].__typename === 'SubmissionAccepted' && accepted[0].submission.id },
    ]);
  });

  it('does not burn a token on rejected answers, and says what is wrong', async () => {
    // Two tokens: one stays unused, so this answer waits in the pool (other tests mix).
    const [token] = await issue('seminar-e', 2);
    const bad = await submit({ token, answers: { item01: 'z' } });
    expect(bad.__typename).toBe('SubmissionRejected');
    expect((bad as { errors: { code: string }[] }).errors.map((e) => e.code)).toContain(
      'UNKNOWN_OPTION',
    );
    const unknownBranch = await submit({ token, branch: 'nowhere', answers: sampleAnswers(PIC) });
    expect(unknownBranch).toMatchObject({ errors: [{ path: 'branch', code: 'UNKNOWN_BRANCH' }] });
    expect((await submit({ token, answers: sampleAnswers(PIC) })).__typename).toBe(
      'SubmissionAccepted',
    );
  });

  it('keeps answers out of every count until a batch is mixed, then stores them together', async () => {
    // m = 10: 15 answers wait (fewer than 2m), as long as tokens remain and the phase is open.
    const tokens = await issue('seminar-d', 16);
    for (const [i, token] of tokens.slice(0, 15).entries()) {
      const reply = await submit({ token, branch: 'insertion', answers: answersFor(i) });
      expect(reply.__typename).toBe('SubmissionAccepted');
    }
    const pool: { sealed: Buffer }[] = await db.query(
      `SELECT sealed FROM anonymous_answer_pool WHERE campaign_key = 'seminar-d'`,
    );
    expect(pool).toHaveLength(15);
    // Sealed, and all of one length: the answers and the cohort do not show.
    expect(new Set(pool.map((row) => row.sealed.length)).size).toBe(1);
    for (const row of pool) expect(row.sealed.toString('latin1')).not.toMatch(/item0|insertion/);

    expect(await mixAnonymousAnswers(api)).toEqual([]);
    expect(await stored('seminar-d')).toBe(0);
    expect(await listed('seminar-d')).toBe(0);

    // The phase closes: nothing more can join, the 15 are stored as one batch.
    await db.query(
      `UPDATE campaign_phase SET closes_at = now() - interval '1 second' WHERE campaign_key = 'seminar-d'`,
    );
    const late = await submit({ token: tokens[15], answers: answersFor(15) });
    expect(late).toMatchObject({ errors: [{ path: 'phase', code: 'PHASE_CLOSED' }] });
    expect(await mixAnonymousAnswers(api)).toEqual([15]);
    expect(await listed('seminar-d')).toBe(15);
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT xmin::text AS x, * FROM submission WHERE campaign_key = 'seminar-d'`,
    );
    expect(new Set(rows.map((row) => row.x)).size).toBe(1);
    expect(new Set(rows.map((row) => String(row.submitted_on))).size).toBe(1);
    for (const row of rows) {
      expect(row).toMatchObject({
        anonymous: true,
        api_key_id: null,
        client_submission_id: null,
        request_hash: null,
        pair_id: null,
        participant_id: null,
        created_at: null,
        updated_at: null,
        phase_key: 'seminar',
        branch: 'insertion',
      });
    }
    expect(
      await db.query(
        `SELECT count(*)::int AS n FROM anonymous_answer_pool WHERE campaign_key = 'seminar-d'`,
      ),
    ).toEqual([{ n: 0 }]);
    // One outbox event for the batch, not one per answer.
    expect(
      await db.query(
        `SELECT count(*)::int AS n FROM outbox_event WHERE campaign_key = 'seminar-d' AND instrument_key = 'techess-pic-test'`,
      ),
    ).toEqual([{ n: 1 }]);
    // The late token was not spent by the refusal: the form still opens, closed.
    expect((await form(tokens[15])).data?.anonymousForm).toMatchObject({ phases: [], open: false });
  });

  it('asks which phase when several that use the test are open at once', async () => {
    const [token] = await issue('two-seminars', 2);
    expect((await form(token)).data?.anonymousForm.phases.map((p) => p.key)).toEqual([
      'morning',
      'afternoon',
    ]);
    expect(await submit({ token, answers: sampleAnswers(PIC) })).toMatchObject({
      errors: [{ path: 'phase', code: 'MISSING_CONTEXT' }],
    });
    const chosen = await submit({ token, phase: 'afternoon', answers: sampleAnswers(PIC) });
    expect(chosen).toMatchObject({ submission: { phase: 'afternoon' } });
  });

  it('takes an expiry in days at issue, within bounds', async () => {
    const [token] = await issue('seminar-a', 1, ', validDays: 2');
    const days =
      (Date.parse((await form(token)).data!.anonymousForm.tokenExpiresAt) - Date.now()) /
      86_400_000;
    expect(days).toBeGreaterThan(1.9);
    expect(days).toBeLessThanOrEqual(2);
    for (const validDays of [0, 366]) {
      const reply = await api.gql(
        `mutation { issueAnonymousTokens(campaignKey: "seminar-a", instrumentKey: "techess-pic-test", count: 1, validDays: ${validDays}) }`,
      );
      expect(errorCodes(reply)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('raises the batch size to the k of the strictest agreement covering the test', async () => {
    await seedCampaign(api, {
      key: 'seminar-k',
      phases: [{ key: 'seminar', instrumentKeys: ['techess-pic-test'] }],
    });
    const created = await api.gql(
      `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }`,
      {
        input: {
          key: 'strict',
          name: 'Strict',
          level: 'AGGREGATES',
          k: 15,
          instrumentKeys: ['techess-pic-test'],
          campaignKeys: ['seminar-k'],
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const tokens = await issue('seminar-k', 31);
    for (const [i, token] of tokens.slice(0, 29).entries()) {
      expect((await submit({ token, answers: answersFor(i) })).__typename).toBe(
        'SubmissionAccepted',
      );
    }
    // With m = 10, 29 waiting would give a batch of 19; with k = 15, not before 30.
    expect(await mixAnonymousAnswers(api)).toEqual([]);
    expect((await submit({ token: tokens[29], answers: answersFor(29) })).__typename).toBe(
      'SubmissionAccepted',
    );
    expect(await mixAnonymousAnswers(api)).toEqual([15]);
    expect(await stored('seminar-k')).toBe(15);
  });
});
