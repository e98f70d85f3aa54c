import * as path from 'node:path';
/** A full API (GraphQL over HTTP) on a database of its own, for end-to-end tests with supertest. */
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { App } from 'supertest/types';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { ApiKeyService } from '@observatory/auth';
import { loadAppConfig } from '@observatory/config';
import { QueueService } from '@observatory/queue';
import { MIXING_QUEUE, MIXING_SCHEDULER } from '@observatory/submissions';
import { createTestDatabase } from './test-database';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface GraphQLReply<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions?: { code?: string } & Record<string, unknown>;
  }[];
}

export interface TestApp {
  app: INestApplication<App>;
  databaseUrl: string;
  http(): ReturnType<typeof request>;
  /** Sends a GraphQL operation; `key: null` sends no Authorization header. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string | null,
  ): Promise<GraphQLReply<T>>;
  close(): Promise<void>;
}

/** A test app on a new database of the shared server, or on `options.databaseUrl` (already migrated). */
export async function createTestApp(
  env: NodeJS.ProcessEnv = {},
  options: {
    databaseUrl?: string;
    /** Keep the mixing on its 15 s schedule; by default a test mixes by calling the mixer itself. */
    scheduledMixing?: boolean;
  } = {},
): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  // Under jest, every app logs to the run's log directory, which the teardown scans for personal data.
  const logDir = process.env.TEST_LOG_DIR;
  const logging = logDir
    ? {
        LOG_LEVEL: 'info',
        LOG_FILE: path.join(logDir, `${new URL(databaseUrl).pathname.slice(1)}.log`),
      }
    : { LOG_LEVEL: 'silent' };
  const config = loadAppConfig({
    ...logging,
    RUN_WORKER: 'true',
    ...env,
    DATABASE_URL: databaseUrl,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ config, databaseUrl, embedded: false })],
  }).compile();
  const app = moduleRef.createNestApplication<INestApplication<App>>({ bufferLogs: true });
  configureApp(app);
  await app.init();
  await app.get(ApiKeyService).ensureBootstrapAdmin(TEST_ADMIN_KEY);
  if (config.runWorker && !options.scheduledMixing) {
    // Otherwise a tick could store a batch between a test's submissions and its own mixing pass,
    // and the test would see a different batch than it asked for.
    await app.get(QueueService).unschedule(MIXING_QUEUE, MIXING_SCHEDULER);
  }
  const server = app.getHttpServer();
  return {
    app,
    databaseUrl,
    http: () => request(server),
    async gql(query, variables, key = TEST_ADMIN_KEY) {
      let call = request(server).post('/graphql').set('content-type', 'application/json');
      if (key !== null) call = call.set('authorization', `Bearer ${key}`);
      const response = await call.send({ query, variables });
      return { status: response.status, data: response.body.data, errors: response.body.errors };
    },
    close: () => app.close(),
  };
}

/** The `extensions.code` of each error, in order. */
export function errorCodes(reply: Pick<GraphQLReply<unknown>, 'errors'>): (string | undefined)[] {
  return (reply.errors ?? []).map((error) => error.extensions?.code);
}
