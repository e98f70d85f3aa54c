import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RUNTIME, type Runtime } from '@observatory/config';
import { guardDatabaseConnectionErrors } from './connection-errors';
import { dataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) => ({
        ...dataSourceOptions(runtime.databaseUrl),
        // Fail fast at start instead of retrying for minutes; /health reports outages later on.
        retryAttempts: 2,
        retryDelay: 500,
      }),
      dataSourceFactory: (options) => {
        guardDatabaseConnectionErrors();
        return new DataSource(options!).initialize();
      },
    }),
  ],
})
export class PersistenceModule {}
