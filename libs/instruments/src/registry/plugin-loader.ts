import * as fs from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';
import { SDK_VERSION } from '@observatory/instrument-sdk';
import type { InstrumentKindPlugin } from '@observatory/instrument-sdk';
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

/** `kind` names a plugin in definitions and GraphQL: lower-case kebab or snake case, as the engine wants. */
const KIND_PATTERN = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
const HOOKS = ['checkDefinition', 'checkAnswers', 'derive', 'measures', 'publicView'] as const;
const KNOWN_PROPERTIES = new Set<string>([
  'kind',
  'version',
  'sdkVersion',
  'description',
  'versionsDir',
  ...HOOKS,
]);

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
 * Checks that `value` is an `InstrumentKindPlugin` this service can run, and returns it typed.
 * The SDK range is checked right after `kind` and `sdkVersion` are known to be well-formed, so a
 * plugin written for another SDK is reported as such rather than as malformed.
 */
export function validatePlugin(value: unknown, source: string): InstrumentKindPlugin {
  const malformed = (problem: string): PluginLoadError =>
    new PluginLoadError(
      'MALFORMED',
      source,
      `instrument plugin at ${source} is malformed: ${problem}`,
    );
  if (!isRecord(value)) {
    throw malformed(
      `it must export an object (module.exports = { kind, … } or export default), got ${describe(value)}`,
    );
  }
  const { kind, version, sdkVersion, description, versionsDir } = value;
  if (typeof kind !== 'string' || !KIND_PATTERN.test(kind)) {
    throw malformed(
      `"kind" must be a lower-case kebab-case or snake_case string such as "skills-test", got ${describe(kind)}`,
    );
  }
  if (typeof sdkVersion !== 'string' || semver.validRange(sdkVersion) === null) {
    throw malformed(
      `plugin "${kind}": "sdkVersion" must be a semver range such as "^1.0.0", got ${describe(sdkVersion)}`,
    );
  }
  if (!semver.satisfies(SDK_VERSION, sdkVersion)) {
    throw new PluginLoadError(
      'SDK_INCOMPATIBLE',
      source,
      `plugin "${kind}" at ${source} targets SDK ${sdkVersion} but this service provides ${SDK_VERSION}`,
    );
  }
  if (typeof version !== 'string' || semver.valid(version) === null) {
    throw malformed(
      `plugin "${kind}": "version" must be a semver version such as "1.0.0", got ${describe(version)}`,
    );
  }
  if (typeof description !== 'string' || description.trim() === '') {
    throw malformed(`plugin "${kind}": "description" must be a non-empty string`);
  }
  if (
    versionsDir !== undefined &&
    (typeof versionsDir !== 'string' || !path.isAbsolute(versionsDir))
  ) {
    throw malformed(
      `plugin "${kind}": "versionsDir" must be an absolute path such as path.join(__dirname, 'versions'), got ${describe(versionsDir)}`,
    );
  }
  for (const hook of HOOKS) {
    if (value[hook] !== undefined && typeof value[hook] !== 'function') {
      throw malformed(
        `plugin "${kind}": "${hook}" must be a function when present, got ${describe(value[hook])}`,
      );
    }
  }
  const unknown = Object.keys(value).filter((key) => !KNOWN_PROPERTIES.has(key));
  if (unknown.length > 0) {
    throw malformed(
      `plugin "${kind}": unknown ${unknown.length === 1 ? 'property' : 'properties'} ${unknown.map((key) => `"${key}"`).join(', ')} (known: ${[...KNOWN_PROPERTIES].join(', ')})`,
    );
  }
  return value as unknown as InstrumentKindPlugin;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return JSON.stringify(value);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim();
}
