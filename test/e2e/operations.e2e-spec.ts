import { Client } from 'pg';
import { testPostgresUrl } from '../support/test-database';
import { createTestApp, type TestApp } from '../support/test-app';

describe('health and metrics', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp();
  });
  afterAll(() => api.close());

  it('reports the database and the queue backend up with 200', async () => {
    const response = await api.http().get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ok',
      database: 'up',
      queue: 'up',
      queueBackend: 'postgres',
    });
  });

  it('serves Prometheus metrics without credentials', async () => {
    await api.gql('{ viewer { role } }');
    const response = await api.http().get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toMatch(
      /observatory_graphql_operations_total\{type="query",outcome="ok"\} \d+/,
    );
    expect(response.text).toMatch(
      /observatory_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="2xx"\}/,
    );
  });

  it('answers 503 while the database refuses connections, and recovers by itself', async () => {
    const name = new URL(api.databaseUrl).pathname.slice(1);
    const admin = new Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      const down = await api.http().get('/health');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'unavailable', database: 'down' });
    } finally {
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    const up = await api.http().get('/health');
    expect(up.status).toBe(200);
  });
});

describe('health with an unreachable queue backend', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp({
      QUEUE_BACKEND: 'redis',
      REDIS_URL: 'redis://127.0.0.1:1',
      RUN_WORKER: 'false',
    });
  });
  afterAll(() => api.close());

  it('answers 503 and says the queue is down', async () => {
    const response = await api.http().get('/health');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      status: 'unavailable',
      database: 'up',
      queue: 'down',
      queueBackend: 'redis',
    });
  });
});
