/**
 * Random and mutated inputs to submit, publishInstrumentVersion and aggregate: every reply is a
 * clear rejection or a success, never an internal error, and only valid rows are stored.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import {
  walkFields,
  type InstrumentDefinition,
  type JsonObject,
  type JsonValue,
} from '@observatory/instrument-sdk';
import { validateAnswers } from '@observatory/instruments';
import { seedCampaign } from '../support/campaign-fixture';
import { sampleAnswers } from '../support/sample-answers';
import { createTestApp, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const load = (kind: string, key: string): InstrumentDefinition =>
  JSON.parse(
    fs.readFileSync(path.join(ROOT, 'instruments', kind, 'versions', `${key}@1.0.0.json`), 'utf8'),
  );
const MICROOBS = load('questionnaire', 'microobs-mediators');
const DAY2 = load('observation-grid', 'techess-observation-day2');

const CLEAR_CODES = new Set([
  'BAD_USER_INPUT',
  'CONFLICT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
]);
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** JSON values with odd keys, unicode, long strings and deep nesting. */
const hostileJson: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true }),
    fc.integer(),
    fc.string({ unit: 'binary' }),
    fc.string({ minLength: 5000, maxLength: 20000 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...POLLUTING_KEYS)), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/** Replaces the value at a random path of `answers` (mutation of a valid submission). */
function mutate(answers: JsonObject, pathSeed: number, value: JsonValue): JsonObject {
  const copy = structuredClone(answers) as JsonObject;
  let target: JsonObject = copy;
  for (let depth = 0; depth < 4; depth++) {
    const keys = Object.keys(target);
    if (keys.length === 0) break;
    const key = keys[(pathSeed >> (depth * 3)) % keys.length];
    const child = target[key];
    if (
      child &&
      typeof child === 'object' &&
      !Array.isArray(child) &&
      depth < 3 &&
      (pathSeed >> (depth + 10)) % 2
    ) {
      target = child;
      continue;
    }
    if (
      Array.isArray(child) &&
      child.length &&
      typeof child[0] === 'object' &&
      child[0] !== null &&
      !Array.isArray(child[0])
    ) {
      target = child[0] as JsonObject;
      continue;
    }
    target[key] = value;
    break;
  }
  return copy;
}

describe('fuzzing', () => {
  let api: TestApp;
  let counter = 0;

  const expectClear = (
    status: number,
    body: { errors?: { extensions?: { code?: string } }[] },
  ): void => {
    expect(status).toBeLessThan(500);
    for (const error of body.errors ?? [])
      expect(CLEAR_CODES.has(error.extensions?.code ?? '')).toBe(true);
  };

  /** Sends raw JSON text, so keys such as __proto__ reach the server as own properties. */
  const send = async (query: string, variablesJson: string) => {
    const response = await api
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', 'Bearer test-admin-key-0123456789abcdef')
      .send(`{"query":${JSON.stringify(query)},"variables":${variablesJson}}`);
    return {
      status: response.status,
      body: response.body as {
        data?: Record<string, { __typename?: string }>;
        errors?: { extensions?: { code?: string } }[];
      },
    };
  };

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'false', RATE_LIMIT_PER_MINUTE: '0' });
    await seedCampaign(api, {
      key: 'fuzz',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators', 'techess-observation-day2'] }],
      pairs: [['M01', 'P01']],
    });
  });
  afterAll(() => api.close());

  const SUBMIT = 'mutation ($input: SubmitInput!) { submit(input: $input) { __typename } }';

  it('submit: random answers are refused clearly', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileJson,
        fc.constantFrom('microobs-mediators', 'techess-observation-day2'),
        async (answers, instrumentKey) => {
          const input = {
            clientSubmissionId: `random-${++counter}`,
            instrumentKey,
            version: '1.0.0',
            campaignKey: 'fuzz',
            phase: 'q1',
            pairCode: 'M01+P01',
            participantCode: 'M01',
            answers,
          };
          const { status, body } = await send(SUBMIT, JSON.stringify({ input }));
          expectClear(status, body);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('submit: prototype-polluting keys never reach an object prototype', async () => {
    for (const key of POLLUTING_KEYS) {
      const input = `{"input":{"clientSubmissionId":"pollute-${key}","instrumentKey":"microobs-mediators","version":"1.0.0","campaignKey":"fuzz","phase":"q1","answers":{"${key}":{"polluted":true},"gender":"female"}}}`;
      const { status, body } = await send(SUBMIT, input);
      expectClear(status, body);
      expect(body.data?.submit?.__typename).toBe('SubmissionRejected');
    }
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('submit: a NUL character, which PostgreSQL cannot store, is refused with its path', async () => {
    const answers = sampleAnswers(MICROOBS, { fillOptional: true, seed: 1 });
    const text = MICROOBS.fields.find(
      (field) => field.type === 'long-text' || field.type === 'short-text',
    );
    answers[text!.key] = 'avant\u0000après';
    const input = {
      clientSubmissionId: 'nul-in-text',
      instrumentKey: MICROOBS.key,
      version: '1.0.0',
      campaignKey: 'fuzz',
      phase: 'q1',
      answers,
    };
    const { status, body } = await send(
      'mutation ($input: SubmitInput!) { submit(input: $input) { __typename ... on SubmissionRejected { errors { path code } } } }',
      JSON.stringify({ input }),
    );
    expectClear(status, body);
    expect(body.data?.submit).toMatchObject({
      __typename: 'SubmissionRejected',
      errors: [{ path: text!.key, code: 'INVALID_VALUE' }],
    });
  });

  it('submit: mutated valid answers are accepted or refused clearly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1 << 20 }),
        hostileJson,
        fc.boolean(),
        async (pathSeed, value, day2) => {
          const definition = day2 ? DAY2 : MICROOBS;
          const answers = mutate(
            sampleAnswers(definition, { fillOptional: true, seed: pathSeed % 7 }),
            pathSeed,
            value,
          );
          const input = {
            clientSubmissionId: `mutated-${++counter}`,
            instrumentKey: definition.key,
            version: '1.0.0',
            campaignKey: 'fuzz',
            phase: 'q1',
            pairCode: 'M01+P01',
            participantCode: 'M01',
            answers,
          };
          const { status, body } = await send(SUBMIT, JSON.stringify({ input }));
          expectClear(status, body);
          expect(['SubmissionAccepted', 'SubmissionRejected']).toContain(
            body.data?.submit?.__typename,
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('stores only rows that are valid for their definition', async () => {
    const rows: { instrument_key: string; answers: JsonObject }[] = await api.app
      .get(DataSource)
      .query(`SELECT instrument_key, answers FROM submission`);
    expect(rows.length).toBeGreaterThan(0);
    // Stored answers are anonymised: quasi-identifiers are generalised (a date becomes its month,
    // a postcode its département), so those fields are the only ones allowed to differ from the
    // definition's raw types and formats.
    const generalised = (definition: InstrumentDefinition): Set<string> =>
      new Set(
        [...walkFields(definition.fields)]
          .filter(
            ({ field }) => field.privacy === 'quasi' && field.generalisation?.kind !== 'as-is',
          )
          .map(({ path: keys }) => keys.join('.')),
      );
    for (const row of rows) {
      const definition = row.instrument_key === DAY2.key ? DAY2 : MICROOBS;
      const exempt = generalised(definition);
      const problems = validateAnswers(definition, row.answers, 'COMPLETE').filter(
        (problem) =>
          !(
            exempt.has(problem.path.replace(/\[\d+\]/g, '')) &&
            ['TYPE', 'INVALID_VALUE'].includes(problem.code)
          ),
      );
      expect(problems).toEqual([]);
    }
  });

  it('publishInstrumentVersion: random and mutated definitions are refused clearly', async () => {
    const PUBLISH =
      'mutation ($input: PublishInstrumentVersionInput!) { publishInstrumentVersion(input: $input) { created } }';
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1 << 20 }),
        hostileJson,
        fc.boolean(),
        async (pathSeed, value, random) => {
          const definition = random
            ? value
            : mutate(structuredClone(MICROOBS) as unknown as JsonObject, pathSeed, value);
          const input = {
            key: `fuzz-${pathSeed % 50}`,
            kind: 'questionnaire',
            version: `1.${pathSeed % 5}.0`,
            definition,
          };
          const { status, body } = await send(PUBLISH, JSON.stringify({ input }));
          expectClear(status, body);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('aggregate: random fields, groupings and filters are refused clearly', async () => {
    const AGGREGATE =
      'query ($input: AggregateInput!) { aggregate(input: $input) { population suppressed } }';
    const name = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        'diploma',
        'qualities',
        'phase',
        'branch',
        'version',
        'gender',
        'comments',
        'beneficiaries.needs.ageBand',
        'score.total',
        '__proto__',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        name,
        fc.array(name, { maxLength: 3 }),
        fc.array(
          fc.record({
            field: name,
            values: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
          }),
          { maxLength: 4 },
        ),
        fc.constantFrom(
          'microobs-mediators',
          'techess-observation-day2',
          'techess-pic-test',
          'nope',
        ),
        async (field, groupBy, filters, instrumentKey) => {
          const { status, body } = await send(
            AGGREGATE,
            JSON.stringify({
              input: { instrumentKey, field, groupBy, filters, campaignKey: 'fuzz' },
            }),
          );
          expectClear(status, body);
        },
      ),
      { numRuns: 300 },
    );
  });
});
