/**
 * PostgreSQL goes away under a running API: /health says 503, operations fail fast with a clear
 * code (no crash, no hang), and everything recovers by itself when the database is back.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedPostgresServer, runMigrations } from '@observatory/persistence';
import { createTestApp, errorCodes, type TestApp } from '../support/test-app';

describe('a PostgreSQL restart', () => {
  let directory: string;
  let server: EmbeddedPostgresServer;
  let api: TestApp;

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-'));
    fs.chmodSync(directory, 0o755);
    server = new EmbeddedPostgresServer({ dataDir: path.join(directory, 'postgres'), port: 0 });
    await server.start();
    const url = await server.createDatabase('faults');
    await runMigrations(url);
    api = await createTestApp({ DEMO_DATA: 'false' }, { databaseUrl: url });
  });

  afterAll(async () => {
    await api.close();
    await server.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('answers 503 while the database is down, fails operations fast and cleanly, then recovers', async () => {
    expect((await api.http().get('/health')).status).toBe(200);
    const port = server.listeningPort;
    await server.stop();

    const started = Date.now();
    const health = await api.http().get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', database: 'down' });
    const reply = await api.gql('{ instruments { key } }');
    expect(errorCodes(reply)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(reply.status).toBeLessThan(500);
    expect(Date.now() - started).toBeLessThan(15000);

    server = new EmbeddedPostgresServer({ dataDir: path.join(directory, 'postgres'), port });
    await server.start();
    const deadline = Date.now() + 30000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await api.http().get('/health')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
    const after = await api.gql<{ instruments: { key: string }[] }>('{ instruments { key } }');
    expect(after.errors).toBeUndefined();
    expect(after.data!.instruments.length).toBe(5);
  });
});
