import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { HealthService } from './health.service';
import { MetricsService } from './metrics.service';
import { OperationsController } from './operations.controller';

const KNOWN_ROUTES = new Set(['/graphql', '/health', '/metrics']);

@Module({
  controllers: [OperationsController],
  providers: [HealthService, MetricsService],
  exports: [MetricsService],
})
export class OperationsModule implements NestModule {
  constructor(private readonly metrics: MetricsService) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply((request: Request, response: Response, next: NextFunction) => {
        const stop = this.metrics.httpRequests.startTimer();
        response.on('finish', () => {
          const path = request.originalUrl.split('?')[0];
          const route = KNOWN_ROUTES.has(path) ? path : 'other';
          stop({
            method: request.method,
            route,
            status: `${Math.floor(response.statusCode / 100)}xx`,
          });
        });
        next();
      })
      .forRoutes('*path');
  }
}
