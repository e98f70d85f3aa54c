export * from './queue.module';
export * from './queue.service';
export type { QueueBackendName, QueueConnectionConfig } from './queue-connection';
export * from './queue-backend-wait';
