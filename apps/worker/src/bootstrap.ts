import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger, PinoLogger } from 'nestjs-pino';
import {
  ConfigError,
  failStart,
  loadAppConfig,
  ProcessParts,
  StartDeadline,
  startOrFail,
  stopOnSignals,
  type AppConfig,
} from '@observatory/config';
import { runMigrations, waitForDatabase } from '@observatory/persistence';
import { waitForQueueBackend } from '@observatory/queue';
import { startLogger } from '../../api/src/operations/logging';
import { WorkerAppModule } from './worker-app.module';

/**
 * `node dist/apps/worker/main.js`: the queue processors on their own, against DATABASE_URL. Like
 * the API, it waits for its database and Redis up to START_TIMEOUT_MS, and stops what it started
 * when a later step fails.
 */
export async function startWorker(
  config: AppConfig,
  parts: ProcessParts = new ProcessParts(),
): Promise<{ stop(): Promise<void> }> {
  const databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL',
      'is required by the standalone worker (without it, `npm start` runs the worker inside the API process)',
    );
  }
  const log = startLogger(config.logLevel, config.logFile);
  await waitForDatabase(databaseUrl, new StartDeadline(config.startTimeoutMs), log);
  await runMigrations(databaseUrl);
  await waitForQueueBackend(config, log);
  const app = await NestFactory.createApplicationContext(
    WorkerAppModule.forRoot({ config, databaseUrl, embedded: false }),
    { bufferLogs: true, abortOnError: false },
  );
  // The context is initialised by then (its processors run); a failure inside ends the process.
  await parts.add('worker', () => app.close());
  app.useLogger(app.get(Logger));
  (await app.resolve(PinoLogger)).info(
    { queueBackend: config.queueBackend },
    'observatory worker started',
  );
  return { stop: () => parts.stop() };
}

export function runWorkerProcess(): void {
  let config: AppConfig;
  try {
    config = { ...loadAppConfig(process.env), runWorker: true };
  } catch (error) {
    return failStart(error);
  }
  const parts = new ProcessParts();
  stopOnSignals(() => parts.stop(), config.shutdownTimeoutMs);
  void startOrFail(parts, config.shutdownTimeoutMs, () => startWorker(config, parts));
}
