import { Inject, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { bearerSecret } from '../../../../libs/auth/src/api-key-secret';
import { RUNTIME, type Runtime } from '../../../../libs/config/src';
import { RateLimiter } from './rate-limiter';

/** The per-key rate limit on /graphql, answered with a GraphQL-shaped 429 and Retry-After. */
@Module({})
export class LimitsModule implements NestModule {
  private readonly limiter: RateLimiter;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    this.limiter = new RateLimiter(runtime.config.rateLimitPerMinute);
  }

  configure(consumer: MiddlewareConsumer): void {
    if (this.runtime.config.rateLimitPerMinute === 0) return;
    consumer
      .apply((request: Request, response: Response, next: NextFunction) => {
        const caller = callerOf(request);
        if (this.limiter.take(caller)) return next();
        const retryAfter = Math.max(1, this.limiter.retryAfterSeconds(caller));
        response.setHeader('retry-after', String(retryAfter));
        response.status(429).json({
          errors: [
            {
              message: `Too many requests for this key: at most ${this.limiter.perMinute} a minute; retry in ${retryAfter} s`,
              extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
            },
          ],
        });
      })
      .forRoutes('graphql');
  }
}

/** A key is counted by a hash of its secret (no database lookup on this path); no key, by address. */
function callerOf(request: Request): string {
  const secret = bearerSecret(request.headers.authorization);
  if (secret) return `key:${createHash('sha256').update(secret).digest('hex').slice(0, 32)}`;
  return `ip:${request.ip ?? 'unknown'}`;
}
