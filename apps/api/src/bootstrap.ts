import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PinoLogger } from 'nestjs-pino';
import { ApiKeyService } from '../../../libs/auth/src';
import { failStart, loadAppConfig, stopOnSignals, type AppConfig } from '../../../libs/config/src';
import { openDatabase, runMigrations, type DatabaseLocation } from '../../../libs/persistence/src';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

export interface StartedApi {
  app: NestExpressApplication;
  url: string;
  stop(): Promise<void>;
}

/** The `npm start` path: config → database (embedded or not) → migrations → API (+ worker). */
export async function startApi(env: NodeJS.ProcessEnv = process.env): Promise<StartedApi> {
  let config: AppConfig;
  let database: DatabaseLocation | undefined;
  try {
    config = loadAppConfig(env);
    database = await openDatabase(config);
    await runMigrations(database.url);
  } catch (error) {
    await database?.embedded?.stop();
    return failStart(error);
  }
  try {
    return await startNest(config, database);
  } catch (error) {
    await database.embedded?.stop();
    return failStart(error);
  }
}

async function startNest(config: AppConfig, database: DatabaseLocation): Promise<StartedApi> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, databaseUrl: database.url, embedded: Boolean(database.embedded) }),
    { bufferLogs: true },
  );
  configureApp(app);
  const logger = await app.resolve(PinoLogger);
  await app.listen(config.port, config.host);
  // After listen: a key generated now is printed below, so a failed start must not swallow it.
  const bootstrap = await app.get(ApiKeyService).ensureBootstrapAdmin(config.adminApiKey);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  logger.info(
    { url, embedded: Boolean(database.embedded), worker: config.runWorker },
    'observatory api started',
  );
  printBanner(url, config, bootstrap.generatedSecret, Boolean(database.embedded));

  const embedded = database.embedded;
  const stop = async (): Promise<void> => {
    await app.close();
    await embedded?.stop();
  };
  return { app, url, stop };
}

/** Human-readable lines for the person who just typed `npm start`; logs stay JSON. */
function printBanner(
  url: string,
  config: AppConfig,
  generatedSecret: string | undefined,
  embedded: boolean,
): void {
  const lines = [
    '',
    `  Observatory API is up: ${url}/graphql`,
    `  Health: ${url}/health   Metrics: ${url}/metrics`,
    embedded
      ? `  Database: embedded PostgreSQL under ${config.dataDir} (set DATABASE_URL to use your own)`
      : '  Database: DATABASE_URL',
  ];
  if (generatedSecret) {
    lines.push(
      `  Admin API key (shown once, only its hash is stored): ${generatedSecret}`,
      `  Try: curl -H 'authorization: Bearer ${generatedSecret}' -H 'content-type: application/json' \\`,
      `         -d '{"query":"{ viewer { role } }"}' ${url}/graphql`,
    );
  } else if (config.adminApiKey) {
    lines.push('  Admin API key: the value of ADMIN_API_KEY');
  } else {
    lines.push(
      '  Admin API key: the one printed at the first start (restart with ADMIN_API_KEY=... to set a new one)',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

export function runApiProcess(): void {
  const config = safeConfig();
  const started = startApi();
  // Installed before the start completes, so a Ctrl-C during start still stops the database.
  stopOnSignals(async () => (await started).stop(), config.shutdownTimeoutMs);
}

function safeConfig(): AppConfig {
  try {
    return loadAppConfig(process.env);
  } catch (error) {
    return failStart(error);
  }
}
