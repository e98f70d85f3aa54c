import { createTestApp, errorCodes, type TestApp } from '../support/test-app';

describe('limits', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp({
      DEMO_DATA: 'false',
      MAX_BODY_BYTES: '65536',
      RATE_LIMIT_PER_MINUTE: '120',
    });
  });
  afterAll(() => api.close());

  it('refuses a body over MAX_BODY_BYTES with 413 and a clear message', async () => {
    const response = await api
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: '{ __typename }', variables: { padding: 'x'.repeat(70_000) } });
    expect(response.status).toBe(413);
    expect(JSON.stringify(response.body)).toMatch(/too large/i);
    expect(JSON.stringify(response.body)).not.toContain('xxxxxxxx');
  });

  it('refuses a query nested too deep (the introspection types are recursive)', async () => {
    const nested = (levels: number): string =>
      `{ __schema { types { fields { type { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} } } } } }`;
    expect((await api.gql(nested(3))).errors).toBeUndefined();
    const reply = await api.gql(nested(10));
    expect(errorCodes(reply)).toEqual(['QUERY_TOO_DEEP']);
    expect(reply.errors?.[0].message).toMatch(/limit is 12/);
  });

  it('refuses a query selecting too many fields', async () => {
    const fields = Array.from({ length: 600 }, (_, i) => `f${i}: __typename`).join(' ');
    const reply = await api.gql(`{ ${fields} }`);
    expect(errorCodes(reply)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('refuses too many tokens or participants in one call', async () => {
    const tokens = await api.gql(
      'mutation { issueAnonymousTokens(campaignKey: "x", instrumentKey: "techess-pic-test", count: 5000) }',
    );
    expect(errorCodes(tokens)).toEqual(['BAD_USER_INPUT']);
  });

  it('answers 429 RATE_LIMITED with Retry-After once a key exceeds its rate', async () => {
    const statuses: number[] = [];
    let limited:
      | {
          status: number;
          headers: Record<string, string>;
          body: { errors: { extensions: { code: string } }[] };
        }
      | undefined;
    // 120 a minute: a burst of 20, then one more every 500 ms while the loop runs.
    const started = Date.now();
    for (let i = 0; i < 40; i++) {
      const response = await api
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', 'Bearer rate-limit-probe-key-0123456789')
        .send({ query: '{ __typename }' });
      statuses.push(response.status);
      if (response.status === 429) limited = response as unknown as typeof limited;
    }
    const refilled = Math.floor((Date.now() - started) / 500);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(200));
    const accepted = statuses.filter((status) => status === 200).length;
    expect(accepted).toBeLessThanOrEqual(20 + refilled);
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(limited?.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited?.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });
});
