export * from './data-source-options';
export * from './embedded-postgres-server';
export * from './entities/api-key.entity';
export * from './run-migrations';
