import {
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { RUNTIME, type Runtime } from '@observatory/config';
import { QueueService } from './queue.service';

@Global()
@Module({
  providers: [
    {
      provide: QueueService,
      inject: [RUNTIME],
      // Half the shutdown time for the workers' jobs: the rest of the shutdown must fit in it too.
      useFactory: ({ config, databaseUrl }: Runtime) =>
        new QueueService(
          config.queueBackend === 'redis' && config.redisUrl
            ? {
                backend: 'redis',
                url: config.redisUrl,
                namespace: 'observatory',
                lockMs: config.queueLockMs,
              }
            : {
                backend: 'postgres',
                url: databaseUrl,
                namespace: 'bullmq',
                lockMs: config.queueLockMs,
              },
          Math.ceil(config.shutdownTimeoutMs / 2),
        ),
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
