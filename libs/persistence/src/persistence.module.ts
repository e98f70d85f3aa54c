import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RUNTIME, type Runtime } from '../../config/src/runtime';
import { survivePoolConnectionErrors } from './connection-errors';
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
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        survivePoolConnectionErrors(dataSource);
        return dataSource;
      },
    }),
  ],
})
export class PersistenceModule {}
