import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from '@observatory/auth';
import { DemoModule } from '@observatory/demo';
import { RuntimeModule, type Runtime } from '@observatory/config';
import { PersistenceModule } from '@observatory/persistence';
import { QueueModule } from '@observatory/queue';
import { WorkerModule } from '../../worker/src/worker.module';
import { GraphiqlModule } from './graphiql/graphiql.module';
import { ApiGraphQLModule } from './graphql/graphql.module';
import { LimitsModule } from './limits/limits.module';
import { loggingParams } from './operations/logging';
import { OperationsModule } from './operations/operations.module';

@Module({})
export class AppModule {
  /** The API; with `runWorker` the queue processors run in this process too (embedded mode). */
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RuntimeModule.forRoot(runtime),
        LoggerModule.forRoot(loggingParams(runtime.config.logLevel, runtime.config.logFile)),
        PersistenceModule,
        QueueModule,
        AuthModule,
        OperationsModule,
        LimitsModule,
        ApiGraphQLModule,
        DemoModule,
        ...(runtime.config.graphiql ? [GraphiqlModule] : []),
        ...(runtime.config.runWorker ? [WorkerModule] : []),
      ],
    };
  }
}
