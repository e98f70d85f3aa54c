import type { Provider } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@observatory/config';
import { BUILTIN_INSTRUMENTS_DIR, PluginRegistry } from './registry';

/** The installed kinds: the folders under `instruments/` plus INSTRUMENT_PLUGINS, loaded once. */
export const pluginRegistryProvider: Provider = {
  provide: PluginRegistry,
  inject: [RUNTIME],
  useFactory: ({ config }: Runtime) =>
    PluginRegistry.load({ builtinDir: BUILTIN_INSTRUMENTS_DIR, extra: config.instrumentPlugins }),
};
