import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PluginLoadError } from './plugin-load-error';
import {
  BUILTIN_INSTRUMENTS_DIR,
  loadPlugins,
  loadPluginsWithSources,
  validatePlugin,
} from './plugin-loader';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-loader-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Writes `<root>/<dir>/index.js` with `source` and returns the directory. */
function writePlugin(dir: string, source: string): string {
  const full = path.join(root, dir);
  fs.mkdirSync(full, { recursive: true });
  fs.writeFileSync(path.join(full, 'index.js'), source);
  return full;
}

const pluginSource = (kind: string, extra = '') =>
  `module.exports = { kind: '${kind}', version: '1.0.0', sdkVersion: '^1.0.0', description: 'A ${kind}'${extra} };\n`;

function loadError(fn: () => unknown): PluginLoadError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PluginLoadError) return error;
    throw error;
  }
  throw new Error('expected a PluginLoadError');
}

describe('loadPlugins', () => {
  it('discovers the built-in kinds from the instruments folder', () => {
    const plugins = loadPlugins({ builtinDir: BUILTIN_INSTRUMENTS_DIR, extra: [] });
    // One kind per folder holding an index (a scaffolded kind is found with no edit anywhere).
    const folders = fs
      .readdirSync(BUILTIN_INSTRUMENTS_DIR)
      .filter((name) => fs.existsSync(path.join(BUILTIN_INSTRUMENTS_DIR, name, 'index.ts')));
    expect(plugins.map((p) => p.kind).sort()).toEqual(folders.sort());
    expect(folders).toEqual(
      expect.arrayContaining(['debrief', 'observation-grid', 'questionnaire', 'skills-test']),
    );
    for (const plugin of plugins) {
      expect(plugin.versionsDir).toBe(path.join(BUILTIN_INSTRUMENTS_DIR, plugin.kind, 'versions'));
    }
  });

  it('skips folders without an index and loads the others in folder order', () => {
    writePlugin('b-kind', pluginSource('b-kind'));
    writePlugin('a-kind', pluginSource('a-kind'));
    fs.mkdirSync(path.join(root, 'versions-only', 'versions'), { recursive: true });
    fs.writeFileSync(path.join(root, 'README.md'), '# not a plugin\n');
    expect(loadPlugins({ builtinDir: root, extra: [] }).map((p) => p.kind)).toEqual([
      'a-kind',
      'b-kind',
    ]);
  });

  it('reads a default export as well as module.exports', () => {
    writePlugin(
      'esm-like',
      `Object.defineProperty(exports, '__esModule', { value: true });\n` +
        `exports.helper = () => 1;\n` +
        `exports.default = { kind: 'esm-like', version: '2.1.0', sdkVersion: '1.x', description: 'compiled TS' };\n`,
    );
    const [plugin] = loadPlugins({ builtinDir: root, extra: [] });
    expect(plugin).toEqual({
      kind: 'esm-like',
      version: '2.1.0',
      sdkVersion: '1.x',
      description: 'compiled TS',
    });
  });

  it('adds an extra plugin given by absolute or relative directory', () => {
    const builtin = path.join(root, 'builtin');
    fs.mkdirSync(builtin);
    const dir = writePlugin(
      'third-party/activity',
      pluginSource('activity', `, derive: () => ({ n: 1 })`),
    );
    const byAbsolute = loadPluginsWithSources({ builtinDir: builtin, extra: [dir] });
    expect(byAbsolute.map(({ plugin, source }) => [plugin.kind, source])).toEqual([
      ['activity', dir],
    ]);
    const byRelative = loadPlugins({
      builtinDir: builtin,
      extra: ['./third-party/activity'],
      cwd: root,
    });
    expect(byRelative[0].derive?.({} as never, {})).toEqual({ n: 1 });
  });

  it('adds an extra plugin given by package name, resolved from cwd', () => {
    const builtin = path.join(root, 'builtin');
    fs.mkdirSync(builtin);
    const pkg = writePlugin('node_modules/observatory-plugin-demo', pluginSource('demo'));
    fs.writeFileSync(
      path.join(pkg, 'package.json'),
      '{"name":"observatory-plugin-demo","main":"index.js"}',
    );
    const loaded = loadPluginsWithSources({
      builtinDir: builtin,
      extra: ['observatory-plugin-demo'],
      cwd: root,
    });
    expect(loaded.map(({ plugin, source }) => [plugin.kind, source])).toEqual([
      ['demo', 'observatory-plugin-demo'],
    ]);
  });

  it('refuses a plugin written for another SDK major', () => {
    const dir = writePlugin('future', pluginSource('future').replace("'^1.0.0'", "'^2.0.0'"));
    const error = loadError(() => loadPlugins({ builtinDir: root, extra: [] }));
    expect(error.code).toBe('SDK_INCOMPATIBLE');
    expect(error.message).toBe(
      `plugin "future" at ${dir} targets SDK ^2.0.0 but this service provides 1.0.0`,
    );
  });

  it('refuses two plugins of one kind, naming both paths', () => {
    const first = writePlugin('builtin/report', pluginSource('report'));
    const second = writePlugin('extra/report', pluginSource('report'));
    const error = loadError(() =>
      loadPlugins({ builtinDir: path.join(root, 'builtin'), extra: [second] }),
    );
    expect(error.code).toBe('DUPLICATE_KIND');
    expect(error.message).toBe(
      `instrument plugins at ${first} and ${second} both claim kind "report"; remove one of them`,
    );
    expect(error.message).not.toContain('\n');
  });

  it('refuses an extra plugin that claims a built-in kind', () => {
    const dir = writePlugin('my-skills-test', pluginSource('skills-test'));
    const error = loadError(() =>
      loadPlugins({ builtinDir: BUILTIN_INSTRUMENTS_DIR, extra: [dir] }),
    );
    expect(error.code).toBe('DUPLICATE_KIND');
    expect(error.message).toContain(path.join(BUILTIN_INSTRUMENTS_DIR, 'skills-test'));
  });

  it.each<[string, string, RegExp]>([
    [
      'a module exporting nothing',
      '',
      /"kind" must be a lower-case kebab-case or snake_case string .* got nothing/,
    ],
    ['a function export', 'module.exports = () => 1;', /must export an object .* got a function/],
    [
      'a bad kind',
      pluginSource('Not A Kind'),
      /"kind" must be a lower-case kebab-case or snake_case string .* got "Not A Kind"/,
    ],
    [
      'a bad version',
      pluginSource('x').replace("'1.0.0'", "'one'"),
      /plugin "x": "version" must be a semver version .* got "one"/,
    ],
    [
      'a bad SDK range',
      pluginSource('x').replace("'^1.0.0'", "'latest'"),
      /"sdkVersion" must be a semver range .* got "latest"/,
    ],
    [
      'a missing description',
      pluginSource('x').replace("'A x'", "''"),
      /"description" must be a non-empty string/,
    ],
    [
      'a hook that is not a function',
      pluginSource('x', `, derive: { total: 1 }`),
      /"derive" must be a function when present, got an object/,
    ],
    [
      'a relative versionsDir',
      pluginSource('x', `, versionsDir: 'versions'`),
      /"versionsDir" must be an absolute path/,
    ],
    [
      'a misspelt hook',
      pluginSource('x', `, checkDefinitions() { return []; }`),
      /unknown property "checkDefinitions"/,
    ],
  ])('refuses a malformed plugin: %s', (_name, source, message) => {
    const dir = writePlugin('bad', source);
    const error = loadError(() => loadPlugins({ builtinDir: root, extra: [] }));
    expect(error.code).toBe('MALFORMED');
    expect(error.source).toBe(dir);
    expect(error.message).toMatch(
      new RegExp(`^instrument plugin at ${escape(dir)} is malformed: `),
    );
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('reports a module that throws while loading', () => {
    const dir = writePlugin('broken', `throw new Error('boom\\nsecond line');`);
    const error = loadError(() => loadPlugins({ builtinDir: root, extra: [] }));
    expect(error.code).toBe('LOAD_FAILED');
    expect(error.message).toBe(`cannot load instrument plugin at ${dir}: boom`);
  });

  it('reports a missing plugin directory', () => {
    const builtin = path.join(root, 'builtin');
    fs.mkdirSync(builtin);
    const missing = path.join(root, 'nowhere');
    const error = loadError(() => loadPlugins({ builtinDir: builtin, extra: [missing] }));
    expect(error.code).toBe('LOAD_FAILED');
    expect(error.message).toMatch(
      new RegExp(`^cannot load instrument plugin at ${escape(missing)}: `),
    );
    expect(error.message).not.toContain('\n');
  });

  it('reports a package that cannot be found', () => {
    const error = loadError(() =>
      loadPlugins({
        builtinDir: BUILTIN_INSTRUMENTS_DIR,
        extra: ['observatory-plugin-missing'],
        cwd: root,
      }),
    );
    expect(error.code).toBe('LOAD_FAILED');
    expect(error.message).toMatch(
      /^cannot find instrument plugin package "observatory-plugin-missing"/,
    );
    expect(error.message).not.toContain('\n');
  });

  it('reports a missing built-in folder', () => {
    const error = loadError(() => loadPlugins({ builtinDir: path.join(root, 'none'), extra: [] }));
    expect(error.code).toBe('LOAD_FAILED');
    expect(error.message).toMatch(/^cannot read the built-in instruments folder /);
  });
});

describe('validatePlugin', () => {
  it('accepts a plugin with every hook', () => {
    const plugin = {
      kind: 'k',
      version: '1.2.3',
      sdkVersion: '>=1.0.0 <2',
      description: 'd',
      versionsDir: path.join(root, 'versions'),
      checkDefinition: () => [],
      checkAnswers: () => [],
      derive: () => ({}),
      measures: () => [],
      publicView: <T>(d: T) => d,
    };
    expect(validatePlugin(plugin, 'here')).toBe(plugin);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
