export * from './data-source-options';
export * from './database-location';
export * from './embedded-postgres-server';
export * from './entities/api-key.entity';
export * from './entities/instrument-version.entity';
export * from './entities/instrument.entity';
export * from './persistence.module';
export * from './run-migrations';
