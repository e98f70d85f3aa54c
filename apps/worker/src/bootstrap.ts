import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger, PinoLogger } from 'nestjs-pino';
import { ConfigError, failStart, loadAppConfig, stopOnSignals } from '../../../libs/config/src';
import { runMigrations } from '../../../libs/persistence/src';
import { WorkerAppModule } from './worker-app.module';

/** `node dist/apps/worker/main.js`: the queue processors on their own, against DATABASE_URL. */
export async function startWorker(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ stop(): Promise<void> }> {
  const config = { ...loadAppConfig(env), runWorker: true };
  if (!config.databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL',
      'is required by the standalone worker (without it, `npm start` runs the worker inside the API process)',
    );
  }
  await runMigrations(config.databaseUrl);
  const app = await NestFactory.createApplicationContext(
    WorkerAppModule.forRoot({ config, databaseUrl: config.databaseUrl, embedded: false }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  (await app.resolve(PinoLogger)).info(
    { queueBackend: config.queueBackend },
    'observatory worker started',
  );
  return { stop: () => app.close() };
}

export function runWorkerProcess(): void {
  let deadline = 8000;
  try {
    deadline = loadAppConfig(process.env).shutdownTimeoutMs;
  } catch (error) {
    failStart(error);
  }
  const started = startWorker().catch((error: unknown) => failStart(error));
  stopOnSignals(async () => (await started).stop(), deadline);
}
