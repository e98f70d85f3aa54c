import {
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { RUNTIME, type Runtime } from '../../config/src/runtime';
import { QueueService } from './queue.service';

@Global()
@Module({
  providers: [
    {
      provide: QueueService,
      inject: [RUNTIME],
      useFactory: ({ config, databaseUrl }: Runtime) =>
        config.queueBackend === 'redis' && config.redisUrl
          ? new QueueService({
              backend: 'redis',
              url: config.redisUrl,
              namespace: 'observatory',
              lockMs: config.queueLockMs,
            })
          : new QueueService({
              backend: 'postgres',
              url: databaseUrl,
              namespace: 'bullmq',
              lockMs: config.queueLockMs,
            }),
    },
  ],
  exports: [QueueService],
})
export class QueueModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(QueueService) private readonly queues: QueueService) {}

  /** BullMQ's own schema exists before anything enqueues, and /health can check it. */
  onModuleInit(): Promise<void> {
    return this.queues.prepare();
  }

  onApplicationShutdown(): Promise<void> {
    return this.queues.close();
  }
}
