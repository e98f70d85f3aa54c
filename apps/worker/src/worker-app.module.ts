import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { RuntimeModule, type Runtime } from '@observatory/config';
import { PersistenceModule } from '@observatory/persistence';
import { QueueModule } from '@observatory/queue';
import { loggingParams } from '../../api/src/operations/logging';
import { WorkerModule } from './worker.module';

/** The standalone worker process (external mode): the processors, without the HTTP API. */
@Module({})
export class WorkerAppModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: WorkerAppModule,
      imports: [
        RuntimeModule.forRoot(runtime),
        LoggerModule.forRoot(loggingParams(runtime.config.logLevel, runtime.config.logFile)),
        PersistenceModule,
        QueueModule,
        WorkerModule,
      ],
    };
  }
}
