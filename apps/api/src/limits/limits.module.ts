import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AuthModule } from '@observatory/auth';
import { DownloadController } from '../graphql/exports/download.controller';
import { RateLimits, type Admission } from './rate-limits';

/**
 * The rate limit at the door of /graphql and of the signed downloads: 429 RATE_LIMITED with
 * Retry-After, before any parsing or lookup beyond the caller's key. The query cost is charged
 * later, once the operation is parsed (query-cost.ts).
 */
@Module({
  imports: [AuthModule],
  providers: [RateLimits],
  exports: [RateLimits],
})
export class LimitsModule implements NestModule {
  constructor(private readonly limits: RateLimits) {}

  configure(consumer: MiddlewareConsumer): void {
    if (!this.limits.enabled) return;
    consumer
      .apply((request: Request, response: Response, next: NextFunction) => {
        this.limits.admit(request).then(
          (admission) => {
            if (admission.admitted) return next();
            refuse(request, response, admission);
          },
          // The limit never turns a request into a 500: what failed here fails again, and is
          // answered properly, where the request is handled.
          () => next(),
        );
      })
      .forRoutes('graphql', DownloadController);
  }
}

function refuse(
  request: Request,
  response: Response,
  refusal: Exclude<Admission, { admitted: true }>,
): void {
  response.setHeader('retry-after', String(refusal.retryAfterSeconds));
  const extensions = { code: 'RATE_LIMITED', retryAfterSeconds: refusal.retryAfterSeconds };
  // GraphQL-shaped on /graphql, like every other error there; the plain routes' shape elsewhere.
  if (request.originalUrl.startsWith('/graphql')) {
    response.status(429).json({ errors: [{ message: refusal.message, extensions }] });
  } else {
    response.status(429).json({ message: refusal.message, ...extensions });
  }
}
