/**
 * The stack of one benchmark run, started the way the tests start theirs: an embedded PostgreSQL
 * and, when `redis-server` is on the PATH, a local Redis (test/support/test-services.ts); one
 * migrated database; the full API (GraphQL over HTTP, worker in-process) listening on a free port.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/configure-app';
import { ApiKeyService } from '@observatory/auth';
import { loadAppConfig } from '@observatory/config';
import { runMigrations } from '@observatory/persistence';
import {
  startTestServices,
  stopTestServices,
  type TestServices,
} from '../test/support/test-services';

export const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
/** Shared with the export child process, which must sign with the same secret. */
export const EXPORT_SECRET = 'bench-export-secret-0123456789abcdef0123';

export interface GqlReply<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** POSTs one GraphQL operation to the API at `base` with the given key. */
export async function gqlAt<T = Record<string, unknown>>(
  base: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  key: string,
): Promise<GqlReply<T>> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: GqlReply<T>['errors'] };
  return { status: response.status, data: body.data, errors: body.errors };
}

/** A new, empty database on the stack's PostgreSQL; its URL. */
export async function createDatabase(name: string): Promise<string> {
  const admin = new Client({ connectionString: process.env.TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(process.env.TEST_POSTGRES_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface Stack {
  services: TestServices;
  databaseUrl: string;
  redisUrl?: string;
  exportDir: string;
  app: INestApplication;
  db: DataSource;
  /** http://127.0.0.1:port */
  url: string;
  /** POSTs one GraphQL operation with the given key (admin by default). */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string,
  ): Promise<GqlReply<T>>;
  stop(): Promise<void>;
}

/** The environment both the in-process API and the export child build their config from. */
export function benchEnv(databaseUrl: string, exportDir: string): NodeJS.ProcessEnv {
  return {
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    DATABASE_URL: databaseUrl,
    EXPORT_DIR: exportDir,
    EXPORT_SECRET,
    DATA_DIR: path.dirname(exportDir),
    // The queue backend of the app is the embedded default (PostgreSQL); the queue scenario
    // measures both backends on queues of its own.
    QUEUE_BACKEND: 'postgres',
    // The per-key rate limit (6000 a minute by default) would cap every load below at 100 req/s
    // per key; set so high it never triggers, the limiter still runs on every request.
    RATE_LIMIT_PER_MINUTE: '10000000',
  };
}

export async function startStack(log: (line: string) => void): Promise<Stack> {
  // test-services warns on stderr and reads REDIS_URL; keep the user's REDIS_URL if set.
  const services = await startTestServices();
  const redisUrl = process.env.TEST_REDIS_URL;
  log(
    `PostgreSQL up; Redis ${redisUrl ? `at ${redisUrl}` : 'not available (Redis figures skipped)'}`,
  );
  const databaseUrl = await createDatabase('bench');
  await runMigrations(databaseUrl);
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'observatory-bench-exports-'));

  const config = loadAppConfig({ ...benchEnv(databaseUrl, exportDir), RUN_WORKER: 'true' });
  const app = await NestFactory.create(
    AppModule.forRoot({ config, databaseUrl, embedded: false }),
    { bufferLogs: true, logger: false },
  );
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  await app.get(ApiKeyService).ensureBootstrapAdmin(ADMIN_KEY);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;
  log(`API listening on ${base}`);

  return {
    services,
    databaseUrl,
    redisUrl,
    exportDir,
    app,
    db: app.get(DataSource),
    url: base,
    gql: (query, variables, key = ADMIN_KEY) => gqlAt(base, query, variables, key),
    async stop() {
      await app.close().catch(() => undefined);
      await stopTestServices(services).catch(() => undefined);
      fs.rmSync(exportDir, { recursive: true, force: true });
    },
  };
}
