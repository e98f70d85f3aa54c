/**
 * Hostile answers, sent as raw JSON text (so that escapes and keys reach the server exactly as an
 * attacker writes them): each is refused with its code and path, never INTERNAL_SERVER_ERROR,
 * never a 6 MB reply, and nothing is stored.
 */
import { DataSource } from 'typeorm';
import { signedDownloadPath } from '@observatory/exports';
import { seedCampaign } from '../support/campaign-fixture';
import { builtinDefinition } from '../support/builtin-definitions';
import { sampleAnswers } from '../support/sample-answers';
import { createTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app';

const MICROOBS = builtinDefinition('questionnaire', 'microobs-mediators');
const EXPORT_SECRET = 'input-bounds-export-secret-0123456789abcdef';
const SUBMIT = `mutation ($input: SubmitInput!) { submit(input: $input) {
  __typename ... on SubmissionRejected { errors { path code message } } } }`;
const VALIDATE = `query ($answers: JSON!) {
  validateAnswers(instrumentKey: "microobs-mediators", version: "1.0.0", answers: $answers) { path code message } }`;

interface Reply {
  status: number;
  bytes: number;
  body: {
    data?: {
      submit?: { __typename: string; errors?: { path: string; code: string; message: string }[] };
      validateAnswers?: { path: string; code: string; message: string }[];
    };
    errors?: { extensions?: { code?: string } }[];
  };
}

describe('input bounds', () => {
  let api: TestApp;
  let counter = 0;

  /** Sends `variablesJson` as is, inside the request text: escapes and keys arrive as written. */
  const postRaw = async (query: string, variablesJson: string): Promise<Reply> => {
    const response = await api
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${TEST_ADMIN_KEY}`)
      .send(`{"query":${JSON.stringify(query)},"variables":${variablesJson}}`);
    return { status: response.status, bytes: response.text.length, body: response.body };
  };
  const submitRaw = (answersJson: string): Promise<Reply> =>
    postRaw(
      SUBMIT,
      `{"input":{"clientSubmissionId":"bounds-${++counter}","instrumentKey":"microobs-mediators","version":"1.0.0","campaignKey":"bounds","phase":"q1","answers":${answersJson}}}`,
    );
  const validateRaw = (answersJson: string): Promise<Reply> =>
    postRaw(VALIDATE, `{"answers":${answersJson}}`);
  const valid = (): Record<string, unknown> => sampleAnswers(MICROOBS);
  /** Valid answers with `field` replaced by raw JSON text. */
  const withRaw = (field: string, raw: string): string => {
    const answers = valid();
    answers[field] = '@@RAW@@';
    return JSON.stringify(answers).replace('"@@RAW@@"', raw);
  };
  const rejectedWith = (reply: Reply) => {
    expect(reply.status).toBe(200);
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data?.submit?.__typename).toBe('SubmissionRejected');
    return reply.body.data!.submit!.errors!;
  };

  beforeAll(async () => {
    api = await createTestApp({
      DEMO_DATA: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
      EXPORT_SECRET,
    });
    await seedCampaign(api, {
      key: 'bounds',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });
  });
  afterAll(() => api.close());

  it('accepts the valid answers the attacks start from', async () => {
    const reply = await submitRaw(JSON.stringify(valid()));
    expect(reply.body.data?.submit?.__typename).toBe('SubmissionAccepted');
  });

  it('refuses a lone surrogate with the path of its field (PostgreSQL would refuse it in jsonb)', async () => {
    for (const text of ['"a\\ud800b"', '"\\udc00"', '"fin\\ud83d"']) {
      const errors = rejectedWith(await submitRaw(withRaw('comments', text)));
      expect(errors).toEqual([
        {
          path: 'comments',
          code: 'INVALID_VALUE',
          message: expect.stringMatching(/lone surrogate/),
        },
      ]);
    }
    // A well-formed pair (an emoji) is fine.
    const emoji = await submitRaw(withRaw('comments', '"merci \\ud83d\\ude00"'));
    expect(emoji.body.data?.submit?.__typename).toBe('SubmissionAccepted');
  });

  it('refuses answers nested 200,000 levels deep with one error, in submit and validateAnswers', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const errors = rejectedWith(await submitRaw(withRaw('comments', deep)));
    expect(errors).toEqual([
      {
        path: expect.stringMatching(/^comments(\[0\])+$/),
        code: 'OUT_OF_RANGE',
        message: 'Answers nest at most 32 levels deep.',
      },
    ]);
    const objects = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    expect(rejectedWith(await submitRaw(objects)).map((error) => error.code)).toEqual([
      'OUT_OF_RANGE',
    ]);
    const validated = await validateRaw(deep);
    expect(validated.body.errors).toBeUndefined();
    expect(validated.body.data?.validateAnswers?.map((error) => error.code)).toEqual([
      'OUT_OF_RANGE',
    ]);
  });

  it('bounds again a SurveyJS answer moved under its groups, where it sits deeper than sent', async () => {
    // `date` is the SurveyJS name of context.placeAndDate.date: 30 levels of lists fit where it
    // was sent (depth 1), not once nested under its two groups (issue 17 checks bounds once per
    // request, and again only on what shaping moved).
    const deepDate = `${'['.repeat(30)}"2024-01-01"${']'.repeat(30)}`;
    const reply = await postRaw(
      `query ($answers: JSON!) { validateAnswers(instrumentKey: "techess-observation-day2", version: "1.0.0", answers: $answers) { path code message } }`,
      `{"answers":{"date":${deepDate}}}`,
    );
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data?.validateAnswers).toEqual([
      {
        path: expect.stringMatching(/^context\.placeAndDate\.date(\[0\]){29}$/),
        code: 'OUT_OF_RANGE',
        message: 'Answers nest at most 32 levels deep.',
      },
    ]);
  });

  it('answers an 80,000-item selection with one error, not 79,999', async () => {
    const items = `[${Array.from({ length: 80_000 }, () => '"listening"').join(',')}]`;
    const reply = await submitRaw(withRaw('qualities', items));
    expect(rejectedWith(reply)).toEqual([
      { path: 'qualities', code: 'OUT_OF_RANGE', message: 'At most 10000 items.' },
    ]);
    expect(reply.bytes).toBeLessThan(1000);
    const within = `[${Array.from({ length: 9_000 }, () => '"listening"').join(',')}]`;
    expect(rejectedWith(await submitRaw(withRaw('qualities', within)))).toEqual([
      { path: 'qualities', code: 'OUT_OF_RANGE', message: 'Select at most 8 options.' },
    ]);
  });

  it('lists at most 100 problems, then how many more there are', async () => {
    const answers = valid();
    for (let i = 0; i < 450; i++) answers[`extra${i}`] = i;
    const reply = await submitRaw(JSON.stringify(answers));
    const errors = rejectedWith(reply);
    expect(errors).toHaveLength(101);
    expect(errors.slice(0, 100).every((error) => error.code === 'UNKNOWN_FIELD')).toBe(true);
    expect(errors[100]).toEqual({
      path: '',
      code: 'TOO_MANY_ERRORS',
      message: '350 more problems were found and are not listed; fix these first.',
    });
  });

  it('refuses reserved keys as UNKNOWN_FIELD instead of dropping them', async () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const answers = JSON.stringify(valid()).replace(/^\{/, `{"${key}":{"polluted":true},`);
      const errors = rejectedWith(await submitRaw(answers));
      expect(errors).toEqual([
        { path: key, code: 'UNKNOWN_FIELD', message: `No field "${key}" here in the definition.` },
      ]);
    }
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('stored none of the refused submissions', async () => {
    const [{ n }] = await api.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM submission WHERE campaign_key = 'bounds'`);
    expect(n).toBe(2);
  });

  it('refuses a lone surrogate in other JSON inputs clearly, not as an internal error', async () => {
    // GraphQL's parser refuses such an escape in the query text; in variables it gets through.
    const CREATE =
      'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { key } }';
    const input = `{"key":"surrogate","title":"Campagne","branches":[{"key":"b1","title":"x\\ud800"}],"phases":[{"key":"q1","title":"Q1","instrumentKeys":["microobs-mediators"]}]}`;
    const response = await postRaw(CREATE, `{"input":${input}}`);
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('answers 404 to a validly signed download link whose id is not an export id', async () => {
    const expires = Math.floor(Date.now() / 1000) + 600;
    for (const id of ['not-a-uuid', '123', 'ffffffff-ffff-ffff-ffff-ffffffffffff']) {
      const response = await api
        .http()
        .get(signedDownloadPath(EXPORT_SECRET, id, 'data.csv', expires));
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
    }
    const deleted = await api.gql('mutation { deleteExport(id: "not-a-uuid") }');
    expect(deleted.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
  });
});
