import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { RUNTIME, type Runtime } from '@observatory/config';
import { Logger } from 'nestjs-pino';
import { corsOptions } from './cors';
import { DomainErrorFilter } from './domain-error.filter';
import { inputValidationPipe } from './input-validation';
import { applyHttpLimits } from './limits/http-limits';

/** What both the real process and the end-to-end tests apply to the Nest application. */
export function configureApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  const { config } = app.get<Runtime>(RUNTIME);
  // First, so that preflights are answered before rate limits and routes.
  app.enableCors(corsOptions(config.corsOrigins));
  // Larger bodies are refused with 413 before any parsing work.
  (app as NestExpressApplication).useBodyParser('json', { limit: config.maxBodyBytes });
  app.useGlobalFilters(new DomainErrorFilter());
  app.useGlobalPipes(inputValidationPipe());
  applyHttpLimits(app, config);
}
