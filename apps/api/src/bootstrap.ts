import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PinoLogger } from 'nestjs-pino';
import { ApiKeyService } from '@observatory/auth';
import {
  failStart,
  loadAppConfig,
  ProcessParts,
  startOrFail,
  stopOnSignals,
  type AppConfig,
} from '@observatory/config';
import { openDatabase, runMigrations } from '@observatory/persistence';
import { waitForQueueBackend } from '@observatory/queue';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { startLogger } from './operations/logging';

export interface StartedApi {
  app: NestExpressApplication;
  url: string;
  stop(): Promise<void>;
}

/**
 * The `npm start` path: config → database (embedded or not) → migrations → queue backend → API
 * (+ worker). Every part is added to `parts` as it starts, so that a failure at any step, or a
 * signal during the start, stops exactly what runs: the HTTP server and the workers first, the
 * embedded PostgreSQL and the DATA_DIR lock last.
 */
export async function startApi(
  config: AppConfig,
  parts: ProcessParts = new ProcessParts(),
): Promise<StartedApi> {
  const log = startLogger(config.logLevel, config.logFile);
  // An external database has nothing to stop; the embedded one is registered before it starts.
  const database = await openDatabase(config, {
    log,
    register: (stop) => parts.add('database', stop),
  });
  await runMigrations(database.url);
  if (config.runWorker) await waitForQueueBackend(config, log);

  const embedded = Boolean(database.embedded);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, databaseUrl: database.url, embedded }),
    // Errors come back to us, so that what started is stopped (Nest would exit the process).
    { bufferLogs: true, abortOnError: false },
  );
  await parts.add('api', () => app.close());
  configureApp(app);
  const logger = await app.resolve(PinoLogger);
  await app.listen(config.port, config.host);
  // After listen: a key generated now is printed below, so a failed start must not swallow it.
  const bootstrap = await app.get(ApiKeyService).ensureBootstrapAdmin(config.adminApiKey);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  logger.info({ url, embedded, worker: config.runWorker }, 'observatory api started');
  printBanner(url, config, bootstrap.generatedSecret, embedded);
  return { app, url, stop: () => parts.stop() };
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
  const parts = new ProcessParts();
  // Installed before the start, so a Ctrl-C during start still stops what has started.
  stopOnSignals(() => parts.stop(), config.shutdownTimeoutMs);
  void startOrFail(parts, config.shutdownTimeoutMs, () => startApi(config, parts));
}

function safeConfig(): AppConfig {
  try {
    return loadAppConfig(process.env);
  } catch (error) {
    return failStart(error);
  }
}
