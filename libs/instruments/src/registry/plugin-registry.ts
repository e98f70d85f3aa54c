import type { InstrumentKindPlugin } from '@observatory/instrument-sdk';
import { PluginLoadError } from './plugin-load-error';
import { loadPlugins, type LoadPluginsOptions } from './plugin-loader';

/** Asked for a kind no installed plugin provides. */
export class UnknownInstrumentKindError extends Error {
  override readonly name = 'UnknownInstrumentKindError';
  readonly code = 'UNKNOWN_KIND';

  constructor(
    readonly kind: string,
    installed: string[],
  ) {
    super(`unknown instrument kind "${kind}"; installed kinds: ${installed.join(', ') || 'none'}`);
  }
}

/** The installed instrument kinds, by kind. Built once at start-up; never changes after. */
export class PluginRegistry {
  private readonly byKind: ReadonlyMap<string, InstrumentKindPlugin>;

  constructor(plugins: readonly InstrumentKindPlugin[]) {
    const byKind = new Map<string, InstrumentKindPlugin>();
    for (const plugin of [...plugins].sort((a, b) =>
      a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0,
    )) {
      if (byKind.has(plugin.kind)) {
        throw new PluginLoadError(
          'DUPLICATE_KIND',
          plugin.kind,
          `two instrument plugins claim kind "${plugin.kind}"`,
        );
      }
      byKind.set(plugin.kind, plugin);
    }
    this.byKind = byKind;
  }

  /** Loads the plugins (see `loadPlugins`) and builds the registry. */
  static load(options: LoadPluginsOptions): PluginRegistry {
    return new PluginRegistry(loadPlugins(options));
  }

  get(kind: string): InstrumentKindPlugin | undefined {
    return this.byKind.get(kind);
  }

  has(kind: string): boolean {
    return this.byKind.has(kind);
  }

  /** The plugin of `kind`, or an `UnknownInstrumentKindError` naming the installed kinds. */
  require(kind: string): InstrumentKindPlugin {
    const plugin = this.byKind.get(kind);
    if (plugin === undefined) throw new UnknownInstrumentKindError(kind, this.kinds());
    return plugin;
  }

  /** Every installed plugin, sorted by kind. */
  list(): InstrumentKindPlugin[] {
    return [...this.byKind.values()];
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }
}
