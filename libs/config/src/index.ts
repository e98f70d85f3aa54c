export * from './app-config';
export * from './process-lifecycle';
export * from './runtime';
export * from './runtime.module';
export * from './server-secret';
export * from './start-retry';
