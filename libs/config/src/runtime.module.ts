import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { RUNTIME, type Runtime } from './runtime';

/** Makes the validated configuration available to every module (`@Inject(RUNTIME)` or ConfigService 'app'). */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: RuntimeModule,
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ app: runtime.config })] }),
      ],
      providers: [{ provide: RUNTIME, useValue: runtime }],
      exports: [RUNTIME, ConfigModule],
    };
  }
}
