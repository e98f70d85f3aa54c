/**
 * The limits, tried as a hostile caller would: big bodies, deep and costly queries, alias floods,
 * made-up keys, forged client addresses, several API instances, held connections.
 */
import { getIntrospectionQuery } from 'graphql';
import * as net from 'node:net';
import { DataSource } from 'typeorm';
import { ApiKeyService } from '@observatory/auth';
import { seedCampaign } from '../support/campaign-fixture';
import { createTestApp, errorCodes, TEST_ADMIN_KEY, type TestApp } from '../support/test-app';
import { testRedisUrl } from '../support/test-database';

interface Raw {
  status: number;
  headers: Record<string, string>;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

const post = async (
  api: TestApp,
  query: string,
  headers: Record<string, string> = {},
): Promise<Raw> => {
  let call = api.http().post('/graphql').set('content-type', 'application/json');
  for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
  const response = await call.send({ query });
  return { status: response.status, headers: response.headers, body: response.body };
};
const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

describe('query limits', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'false', MAX_BODY_BYTES: '65536' });
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

  it('passes the standard introspection query of GraphiQL, codegen, Sandbox, Postman', async () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const reply = await api.gql<{ __schema: { types: unknown[] } }>(query);
    expect(reply.errors).toBeUndefined();
    expect(reply.data!.__schema.types.length).toBeGreaterThan(20);
  });

  it('refuses the recursive introspection attack (lists of types nested in lists)', async () => {
    const reply = await api.gql(
      '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }',
    );
    expect(reply.status).toBe(400);
    expect(reply.errors?.[0].message).toMatch(/introspection/i);
  });

  it('refuses a query nested too deep', async () => {
    const nested = (levels: number): string =>
      `{ __type(name: "Query") { fields { type { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} } } } }`;
    expect((await api.gql(nested(3))).errors).toBeUndefined();
    const reply = await api.gql(nested(10));
    expect(errorCodes(reply)).toEqual(['QUERY_TOO_DEEP']);
    expect(reply.errors?.[0].message).toBe('This query is nested 14 levels deep; the limit is 12');
  });

  it('refuses a query costing more than MAX_QUERY_COST, saying its cost', async () => {
    const fields = Array.from({ length: 1200 }, (_, i) => `f${i}: __typename`).join(' ');
    const reply = await post(api, `{ ${fields} }`, bearer(TEST_ADMIN_KEY));
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual([
      {
        message:
          'This operation costs 1200 points; the limit is 1000 (MAX_QUERY_COST). Split it into smaller requests.',
        extensions: { code: 'QUERY_TOO_COMPLEX', cost: 1200, maxCost: 1000 },
      },
    ]);
  });

  it('refuses too many tokens or participants in one call', async () => {
    const tokens = await api.gql(
      'mutation { issueAnonymousTokens(campaignKey: "x", instrumentKey: "techess-pic-test", count: 5000) }',
    );
    expect(errorCodes(tokens)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('an alias flood of aggregates from a partner', () => {
  let api: TestApp;
  let partnerKey: string;
  const auditRows = async (): Promise<number> =>
    (await api.app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_event`))[0].n;
  const aggregates = (count: number): string =>
    `{ ${Array.from(
      { length: count },
      (_, i) =>
        `a${i}: aggregate(input: { instrumentKey: "microobs-mediators", campaignKey: "flood", field: "gender" }) { population }`,
    ).join(' ')} }`;

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'false', RATE_LIMIT_PER_MINUTE: '0' });
    await seedCampaign(api, {
      key: 'flood',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });
    await api.gql(
      `mutation { createPartner(input: { key: "marsouin", name: "M@rsouin", level: AGGREGATES,
        instrumentKeys: ["microobs-mediators"], campaignKeys: ["flood"] }) { key } }`,
    );
    partnerKey = (
      await api.gql<{ createApiKey: { secret: string } }>(
        'mutation { createApiKey(input: { name: "p", role: PARTNER, partnerKey: "marsouin" }) { secret } }',
      )
    ).data!.createApiKey.secret;
  });
  afterAll(() => api.close());

  it('is refused before any aggregate runs: no audit row is written', async () => {
    const before = await auditRows();
    const one = await api.gql(aggregates(1), {}, partnerKey);
    expect(one.errors).toBeUndefined();
    // The control: one aggregate is one audit row.
    expect(await auditRows()).toBe(before + 1);

    const flood = await api.gql(aggregates(240), {}, partnerKey);
    expect(flood.status).toBe(400);
    expect(errorCodes(flood)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(flood.errors?.[0].extensions).toMatchObject({ cost: 240 * 201, maxCost: 1000 });
    expect(flood.data ?? null).toBeNull();
    expect(await auditRows()).toBe(before + 1);
  });
});

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED with Retry-After once a key exceeds its rate', async () => {
    const api = await createTestApp({ DEMO_DATA: 'false', RATE_LIMIT_PER_MINUTE: '120' });
    try {
      // 120 a minute: 20 per 10-second window.
      const statuses: number[] = [];
      let limited: Raw | undefined;
      for (let i = 0; i < 40; i++) {
        const response = await post(api, '{ __typename }', bearer(TEST_ADMIN_KEY));
        statuses.push(response.status);
        if (response.status === 429) limited = response;
      }
      expect(statuses.slice(0, 20)).toEqual(Array(20).fill(200));
      expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
      expect(limited?.headers['retry-after']).toMatch(/^\d+$/);
      expect(limited?.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(limited?.body.errors?.[0].message).toMatch(/^Too many requests for this key/);
    } finally {
      await api.close();
    }
  });

  it('charges a request its query cost: one unit per started 100 points', async () => {
    const api = await createTestApp({ DEMO_DATA: 'false', RATE_LIMIT_PER_MINUTE: '60' });
    try {
      // 10 units per window; 900 points cost 9 units, so one more request fits, then none.
      const costly = `{ ${Array.from({ length: 900 }, (_, i) => `f${i}: __typename`).join(' ')} }`;
      const started = Date.now();
      const statuses = [
        (await post(api, costly, bearer(TEST_ADMIN_KEY))).status,
        (await post(api, '{ __typename }', bearer(TEST_ADMIN_KEY))).status,
        (await post(api, '{ __typename }', bearer(TEST_ADMIN_KEY))).status,
      ];
      if (Date.now() - started < 10_000) expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await api.close();
    }
  });

  describe('made-up keys', () => {
    let api: TestApp;
    beforeAll(async () => {
      // The test talks through "a proxy" on loopback that names the client in X-Forwarded-For.
      api = await createTestApp({
        DEMO_DATA: 'false',
        RATE_LIMIT_PER_MINUTE: '6000',
        AUTH_FAILURES_PER_MINUTE: '20',
        TRUST_PROXY: 'loopback',
      });
    });
    afterAll(() => api.close());

    it('gets 429 per address after AUTH_FAILURES_PER_MINUTE, without a lookup each, and spares other callers', async () => {
      const lookups = jest.spyOn(api.app.get(ApiKeyService), 'authenticate');
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++) {
        const response = await post(api, '{ viewer { role } }', {
          ...bearer(`obs_made-up-${i}-${Math.random().toString(36).slice(2)}`),
          'x-forwarded-for': '198.51.100.7',
        });
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
      expect(statuses.slice(20)).toEqual(Array(180).fill(429));
      // The cost of the flood: one key lookup per allowed failure, none after.
      expect(lookups).toHaveBeenCalledTimes(20);
      lookups.mockRestore();

      // A real caller from another address is not touched by the flood.
      const real = await post(api, '{ viewer { role } }', {
        ...bearer(TEST_ADMIN_KEY),
        'x-forwarded-for': '198.51.100.8',
      });
      expect(real.status).toBe(200);
      expect(real.body.data).toEqual({ viewer: { role: 'ADMIN' } });
    });
  });

  it('does not trust X-Forwarded-For without TRUST_PROXY: a forged address changes nothing', async () => {
    const api = await createTestApp({
      DEMO_DATA: 'false',
      RATE_LIMIT_PER_MINUTE: '6000',
      AUTH_FAILURES_PER_MINUTE: '5',
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const response = await post(api, '{ viewer { role } }', {
          ...bearer(`obs_forged-${i}`),
          'x-forwarded-for': `203.0.113.${i}`,
        });
        statuses.push(response.status);
      }
      expect(statuses.slice(5)).toEqual(Array(5).fill(429));
    } finally {
      await api.close();
    }
  });

  // Redis is always there under CI=true (the global setup fails without it).
  const stores: [string, () => NodeJS.ProcessEnv][] = [
    ['PostgreSQL', () => ({})],
    ...(testRedisUrl()
      ? [
          ['Redis', () => ({ REDIS_URL: testRedisUrl(), QUEUE_BACKEND: 'postgres' })] as [
            string,
            () => NodeJS.ProcessEnv,
          ],
        ]
      : []),
  ];
  describe.each(stores)('two API instances on one %s', (store, env) => {
    /** Two instances on one database (and one Redis, for Redis), with these settings. */
    const twoInstances = async (settings: NodeJS.ProcessEnv) => {
      const both = { DEMO_DATA: 'false', RUN_WORKER: 'false', ...settings, ...env() };
      const first = await createTestApp(both);
      const second = await createTestApp(both, { databaseUrl: first.databaseUrl });
      const close = async () => {
        await second.close();
        await first.close();
      };
      return { first, second, close };
    };
    const adminKey = async (api: TestApp, name: string): Promise<string> =>
      (
        await api.gql<{ createApiKey: { secret: string } }>(
          `mutation { createApiKey(input: { name: "${name}-${store}", role: ADMIN }) { secret } }`,
        )
      ).data!.createApiKey.secret;

    it('share one limit per key', async () => {
      const { first, second, close } = await twoInstances({ RATE_LIMIT_PER_MINUTE: '60' });
      try {
        const key = await adminKey(first, 'shared');
        const accepted = { first: 0, second: 0 };
        const refused = { first: 0, second: 0 };
        const started = Date.now();
        for (let i = 0; i < 40; i++) {
          const side = i % 2 === 0 ? 'first' : 'second';
          const status = (
            await post(side === 'first' ? first : second, '{ __typename }', bearer(key))
          ).status;
          if (status === 200) accepted[side] += 1;
          else if (status === 429) refused[side] += 1;
        }
        // 60 a minute is 10 per 10-second window, for both together: each alone would take 10.
        if (Date.now() - started < 10_000) expect(accepted.first + accepted.second).toBe(10);
        expect(refused.first).toBeGreaterThan(0);
        expect(refused.second).toBeGreaterThan(0);
        expect(accepted.first + accepted.second + refused.first + refused.second).toBe(40);
      } finally {
        await close();
      }
    });

    it('let a flood of made-up keys over both cost the failure limit in lookups, plus one', async () => {
      const { first, second, close } = await twoInstances({
        RATE_LIMIT_PER_MINUTE: '6000',
        AUTH_FAILURES_PER_MINUTE: '20',
      });
      const lookups = [first, second].map((api) =>
        jest.spyOn(api.app.get(ApiKeyService), 'authenticate'),
      );
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 80; i++) {
          const made = `obs_made-up-${store}-${i}-${Math.random().toString(36).slice(2)}`;
          statuses.push(
            (await post(i % 2 ? second : first, '{ __typename }', bearer(made))).status,
          );
        }
        // The 20 failures the limit allows, then the one that tells the other instance.
        expect(lookups[0].mock.calls.length + lookups[1].mock.calls.length).toBe(21);
        expect(statuses.slice(0, 20)).toEqual(Array(20).fill(200));
        expect(statuses.slice(21)).toEqual(Array(59).fill(429));
      } finally {
        for (const lookup of lookups) lookup.mockRestore();
        await close();
      }
    });

    it('counted in batches at the default limit, let a key spread over both through at most 1 % more', async () => {
      // 6000 a minute (the default): 1000 per 10-second window, told to the store in batches of
      // 10 (batched-counter.ts). The attack: one key, its requests spread over both instances,
      // all at once, to slip past the shared count.
      const { first, second, close } = await twoInstances({ RATE_LIMIT_PER_MINUTE: '6000' });
      try {
        const key = await adminKey(first, 'batched');
        const started = Date.now();
        const statuses: number[] = [];
        for (let round = 0; round < 25; round++) {
          statuses.push(
            ...(await Promise.all(
              Array.from({ length: 48 }, (_, i) =>
                post(i % 2 ? first : second, '{ __typename }', bearer(key)).then((r) => r.status),
              ),
            )),
          );
        }
        expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
        const passed = statuses.filter((status) => status === 200).length;
        // 1200 sent within one window: the limit, plus at most one batch per instance.
        if (Date.now() - started < 10_000) {
          expect(passed).toBeGreaterThanOrEqual(1000);
          expect(passed).toBeLessThanOrEqual(1000 + 2 * 10);
        }
      } finally {
        await close();
      }
    });
  });
});

describe('connection limits', () => {
  let api: TestApp;
  let port: number;
  const open = (): Promise<net.Socket> =>
    new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
    });
  const closed = (socket: net.Socket): Promise<string> =>
    new Promise((resolve) => {
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
    });

  beforeAll(async () => {
    api = await createTestApp({
      DEMO_DATA: 'false',
      MAX_CONNECTIONS: '3',
      REQUEST_TIMEOUT_MS: '2000',
    });
    const server = api.app.getHttpServer() as unknown as net.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => api.close());

  it('answers 408 and closes a connection whose body trickles in (slowloris)', async () => {
    const socket = await open();
    const done = closed(socket);
    const body = JSON.stringify({ query: '{ __typename }' }).padEnd(100, ' ');
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    // One byte every 500 ms would take 50 s; the server cuts it after REQUEST_TIMEOUT_MS.
    let sent = 0;
    const trickle = setInterval(() => {
      if (socket.destroyed || sent >= body.length) return clearInterval(trickle);
      socket.write(body[sent++]);
    }, 500);
    const reply = await done;
    clearInterval(trickle);
    expect(sent).toBeLessThan(body.length);
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(reply).toContain('REQUEST_TIMEOUT_MS');
  });

  it('closes connections beyond MAX_CONNECTIONS at once, and accepts again once one is freed', async () => {
    const held = await Promise.all([open(), open(), open()]);
    const extra = await open();
    // The server drops it without a byte, while the three held ones stay open.
    expect(await closed(extra)).toBe('');
    expect(held.every((socket) => !socket.destroyed)).toBe(true);
    held[0].destroy();
    // Once the server has seen that close, a new connection is served.
    let reply = '';
    for (let attempt = 0; attempt < 50 && !reply; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const again = await open();
      const answered = closed(again);
      again.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      reply = await answered;
    }
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    for (const socket of held) socket.destroy();
  });
});
