import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPlugin, type InstrumentKindPlugin } from '@observatory/instrument-sdk';
import { PluginLoadError } from './plugin-load-error';

/**
 * The repository's `instruments/` folder, seen from this file. The relative path is the same from
 * `libs/instruments/src/registry/` and, once compiled, from `dist/libs/instruments/src/registry/`.
 */
export const BUILTIN_INSTRUMENTS_DIR = path.resolve(__dirname, '../../../../instruments');

export interface LoadPluginsOptions {
  /** Folder whose sub-folders holding an `index.ts` or `index.js` are the built-in kinds. */
  builtinDir: string;
  /**
   * Extra plugins (`AppConfig.instrumentPlugins`, from `INSTRUMENT_PLUGINS`): a directory path
   * (absolute, or relative to `cwd` when it starts with `./` or `../`) or a package name that
   * `require` resolves from `cwd`.
   */
  extra: string[];
  /** Base of relative `extra` paths and package resolution; defaults to `process.cwd()`. */
  cwd?: string;
}

/** A loaded plugin and where it came from. */
export interface LoadedPlugin {
  plugin: InstrumentKindPlugin;
  /** The built-in folder, the extra directory, or the resolved module file of a package. */
  source: string;
}

/**
 * Loads the built-in kinds (one sub-folder of `builtinDir` each, in folder-name order) and then
 * the extra plugins, validates each, and refuses two plugins of one kind. Any failure throws a
 * `PluginLoadError`: the service must not start with a plugin missing.
 */
export function loadPlugins(options: LoadPluginsOptions): InstrumentKindPlugin[] {
  return loadPluginsWithSources(options).map((loaded) => loaded.plugin);
}

/** `loadPlugins`, keeping where each plugin came from (for logs and diagnostics). */
export function loadPluginsWithSources(options: LoadPluginsOptions): LoadedPlugin[] {
  const cwd = options.cwd ?? process.cwd();
  const candidates = [
    ...findBuiltinModules(options.builtinDir),
    ...options.extra.map((entry) => resolveExtra(entry, cwd)),
  ];
  const loaded: LoadedPlugin[] = [];
  const byKind = new Map<string, string>();
  for (const { source, modulePath } of candidates) {
    const plugin = validatePlugin(requirePluginModule(modulePath, source), source);
    const other = byKind.get(plugin.kind);
    if (other !== undefined) {
      throw new PluginLoadError(
        'DUPLICATE_KIND',
        source,
        `instrument plugins at ${other} and ${source} both claim kind "${plugin.kind}"; remove one of them`,
      );
    }
    byKind.set(plugin.kind, source);
    loaded.push({ plugin, source });
  }
  return loaded;
}

interface Candidate {
  /** What the error messages name: the plugin folder, or the entry as given for packages. */
  source: string;
  /** What to `require`. */
  modulePath: string;
}

function findBuiltinModules(builtinDir: string): Candidate[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(builtinDir, { withFileTypes: true });
  } catch (error) {
    throw new PluginLoadError(
      'LOAD_FAILED',
      builtinDir,
      `cannot read the built-in instruments folder ${builtinDir}: ${firstLine(error)}`,
    );
  }
  // Prefer the file matching how this code runs: `.js` once compiled, `.ts` under Jest or ts-node.
  const order =
    path.extname(__filename) === '.ts' ? ['index.ts', 'index.js'] : ['index.js', 'index.ts'];
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((name) => {
      const dir = path.join(builtinDir, name);
      const file = order.find((candidate) => fs.existsSync(path.join(dir, candidate)));
      return file === undefined ? [] : [{ source: dir, modulePath: path.join(dir, file) }];
    });
}

function isPathEntry(entry: string): boolean {
  return path.isAbsolute(entry) || entry === '.' || entry === '..' || /^\.\.?[\\/]/.test(entry);
}

function resolveExtra(entry: string, cwd: string): Candidate {
  if (isPathEntry(entry)) {
    const dir = path.resolve(cwd, entry);
    return { source: dir, modulePath: dir };
  }
  try {
    return { source: entry, modulePath: require.resolve(entry, { paths: [cwd] }) };
  } catch (error) {
    throw new PluginLoadError(
      'LOAD_FAILED',
      entry,
      `cannot find instrument plugin package "${entry}" from ${cwd}: ${firstLine(error)} (a directory must start with ./, ../ or /)`,
    );
  }
}

function requirePluginModule(modulePath: string, source: string): unknown {
  let loaded: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- plugins are found at run time
    loaded = require(modulePath);
  } catch (error) {
    throw new PluginLoadError(
      'LOAD_FAILED',
      source,
      `cannot load instrument plugin at ${source}: ${firstLine(error)}`,
    );
  }
  // `export default plugin` compiles to `exports.default`; plain CommonJS sets `module.exports`.
  return isRecord(loaded) && 'default' in loaded ? loaded.default : loaded;
}

/**
 * Checks that `value` is an `InstrumentKindPlugin` this service can run (the SDK's `checkPlugin`,
 * which the test kit runs too), and returns it typed.
 */
export function validatePlugin(value: unknown, source: string): InstrumentKindPlugin {
  const checked = checkPlugin(value);
  if (checked.ok) return checked.plugin;
  if (checked.code === 'SDK_INCOMPATIBLE') {
    throw new PluginLoadError(
      'SDK_INCOMPATIBLE',
      source,
      checked.problem.replace(/^(plugin "[^"]+") /, `$1 at ${source} `),
    );
  }
  throw new PluginLoadError(
    'MALFORMED',
    source,
    `instrument plugin at ${source} is malformed: ${checked.problem}`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim();
}
