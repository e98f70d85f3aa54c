import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadBuiltinVersions } from './builtin-versions';
import { PluginLoadError } from './plugin-load-error';
import { BUILTIN_INSTRUMENTS_DIR, loadPlugins } from './plugin-loader';

let versionsDir: string;
beforeEach(() => {
  versionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'builtin-versions-'));
});
afterEach(() => {
  fs.rmSync(versionsDir, { recursive: true, force: true });
});

const plugin = () => ({ kind: 'questionnaire', versionsDir });

function write(name: string, content: unknown): string {
  const file = path.join(versionsDir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const definition = (key: string, version: string, kind = 'questionnaire') => ({
  key,
  kind,
  version,
  title: { fr: key },
  fields: [],
});

describe('loadBuiltinVersions', () => {
  it('ships nothing without a versionsDir', () => {
    expect(loadBuiltinVersions({ kind: 'questionnaire' })).toEqual([]);
  });

  it('reads every JSON file, by key then semver order', () => {
    for (const [key, version] of [
      ['b', '1.10.0'],
      ['b', '1.2.0'],
      ['a', '2.0.0'],
      ['b', '1.2.0-rc.1'],
    ]) {
      write(`${key}@${version}.json`, definition(key, version));
    }
    fs.writeFileSync(path.join(versionsDir, 'README.md'), 'not a version');
    const loaded = loadBuiltinVersions(plugin());
    expect(loaded.map((v) => path.basename(v.file))).toEqual([
      'a@2.0.0.json',
      'b@1.2.0-rc.1.json',
      'b@1.2.0.json',
      'b@1.10.0.json',
    ]);
    expect(loaded[0]).toEqual({
      definition: definition('a', '2.0.0'),
      file: path.join(versionsDir, 'a@2.0.0.json'),
    });
  });

  it.each<[string, string, unknown, RegExp]>([
    [
      'a name without a version',
      'microobs.json',
      definition('microobs', '1.0.0'),
      /file name must be <instrument-key>@<version>\.json/,
    ],
    [
      'a name with a bad version',
      'microobs@1.0.json',
      definition('microobs', '1.0'),
      /"1\.0" in the file name is not a semver version/,
    ],
    [
      'a key that differs from the name',
      'microobs@1.0.0.json',
      definition('micro-obs', '1.0.0'),
      /file name says key "microobs" but the definition says "micro-obs"/,
    ],
    [
      'a version that differs from the name',
      'microobs@1.0.0.json',
      definition('microobs', '1.0.1'),
      /file name says version "1\.0\.0" but the definition says "1\.0\.1"/,
    ],
    [
      'another kind',
      'microobs@1.0.0.json',
      definition('microobs', '1.0.0', 'debrief'),
      /its kind is "debrief" but it ships with plugin "questionnaire"/,
    ],
    ['invalid JSON', 'microobs@1.0.0.json', '{ "key": ', /not readable JSON: /],
    ['an array', 'microobs@1.0.0.json', [], /must hold one definition object/],
  ])('refuses %s', (_name, fileName, content, message) => {
    const file = write(fileName, content);
    let error: unknown;
    try {
      loadBuiltinVersions(plugin());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PluginLoadError);
    const loadError = error as PluginLoadError;
    expect(loadError.code).toBe('BAD_VERSION_FILE');
    expect(loadError.source).toBe(file);
    expect(loadError.message).toMatch(`built-in version ${file} (plugin "questionnaire"): `);
    expect(loadError.message).toMatch(message);
    expect(loadError.message).not.toContain('\n');
  });

  it('refuses a versionsDir that does not exist', () => {
    const missing = path.join(versionsDir, 'missing');
    expect(() => loadBuiltinVersions({ kind: 'questionnaire', versionsDir: missing })).toThrow(
      new RegExp(
        `^plugin "questionnaire": cannot read its versionsDir ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `,
      ),
    );
  });

  it('reads the versions every built-in kind ships', () => {
    for (const plugin of loadPlugins({ builtinDir: BUILTIN_INSTRUMENTS_DIR, extra: [] })) {
      const versions = loadBuiltinVersions(plugin);
      expect(versions.length).toBeGreaterThan(0);
      for (const { definition } of versions)
        expect(definition).toMatchObject({ kind: plugin.kind });
    }
  });
});
