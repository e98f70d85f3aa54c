/** Why an instrument plugin (or one of its built-in versions) could not be loaded. */
export type PluginLoadErrorCode =
  /** The module could not be found or threw while loading. */
  | 'LOAD_FAILED'
  /** The export does not have the shape of an `InstrumentKindPlugin`. */
  | 'MALFORMED'
  /** The plugin's `sdkVersion` range does not accept this service's `SDK_VERSION`. */
  | 'SDK_INCOMPATIBLE'
  /** Two plugins claim the same kind. */
  | 'DUPLICATE_KIND'
  /** A file of the plugin's `versionsDir` is unreadable or does not match its name or kind. */
  | 'BAD_VERSION_FILE';

/**
 * A start-up failure of the plugin system. The message is one line that names the plugin path (or
 * file) and what to change; the service refuses to start rather than run without a plugin.
 */
export class PluginLoadError extends Error {
  override readonly name = 'PluginLoadError';

  constructor(
    readonly code: PluginLoadErrorCode,
    /** The plugin folder, module or version file concerned. */
    readonly source: string,
    message: string,
  ) {
    super(message);
  }
}
