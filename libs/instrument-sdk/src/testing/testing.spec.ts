import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { InstrumentDefinition } from '../definition';
import type { InstrumentKindPlugin } from '../plugin';
import { assertNoProblems, checkVersions, loadPlugin, runHooks } from '.';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-kit-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const definition = (version = '1.0.0', extra: object = {}): InstrumentDefinition =>
  ({
    key: 'cra',
    kind: 'activity-report',
    version,
    title: { fr: 'CRA' },
    fields: [
      {
        key: 'duree',
        type: 'duration',
        label: { fr: 'Durée' },
        privacy: 'none',
        required: true,
      },
    ],
    ...extra,
  }) as InstrumentDefinition;

function pluginDir(source: string, versions: Record<string, unknown> = {}): string {
  const dir = fs.mkdtempSync(path.join(root, 'plugin-'));
  fs.writeFileSync(path.join(dir, 'index.js'), source);
  fs.mkdirSync(path.join(dir, 'versions'));
  for (const [name, content] of Object.entries(versions)) {
    fs.writeFileSync(path.join(dir, 'versions', name), JSON.stringify(content));
  }
  return dir;
}

const PLUGIN = `const path = require('node:path');
module.exports = {
  kind: 'activity-report', version: '1.0.0', sdkVersion: '^1.0.0', description: 'CRA',
  versionsDir: path.join(__dirname, 'versions'),
  checkDefinition: (d) => d.fields.some((f) => f.key === 'duree') ? [] : [{ path: 'fields', code: 'DUREE_REQUIRED', message: 'add duree' }],
};`;

describe('loadPlugin', () => {
  it('loads a folder as the service does, default export included', () => {
    expect(loadPlugin(pluginDir(PLUGIN)).kind).toBe('activity-report');
    const esm = pluginDir(
      `exports.default = { kind: 'x', version: '1.0.0', sdkVersion: '1.x', description: 'd' };`,
    );
    expect(loadPlugin(esm).kind).toBe('x');
  });

  it.each([
    ['a module that throws', 'throw new Error("boom")', /^LOAD_FAILED: .*: boom$/],
    [
      'another SDK',
      `module.exports = { kind: 'x', version: '1.0.0', sdkVersion: '^2.0.0', description: 'd' };`,
      /^SDK_INCOMPATIBLE: .*targets SDK \^2\.0\.0 but this service provides 1\.0\.0$/,
    ],
    [
      'a misspelt hook',
      `module.exports = { kind: 'x', version: '1.0.0', sdkVersion: '^1.0.0', description: 'd', derived() {} };`,
      /^MALFORMED: .*unknown property "derived"/,
    ],
  ])('refuses %s, saying why', (_name, source, message) => {
    expect(() => loadPlugin(pluginDir(source))).toThrow(message);
  });
});

describe('checkVersions', () => {
  it('accepts good files, in publication order, without their $schema', () => {
    const dir = pluginDir(PLUGIN, {
      'cra@1.1.0.json': definition('1.1.0', {
        description: { fr: 'Compte rendu' },
        $schema: './schema.json',
      }),
      'cra@1.0.0.json': definition('1.0.0'),
    });
    const reports = checkVersions(loadPlugin(dir));
    expect(reports.map((r) => [path.basename(r.file), r.problems])).toEqual([
      ['cra@1.0.0.json', []],
      ['cra@1.1.0.json', []],
    ]);
    expect(reports[1].definition).not.toHaveProperty('$schema');
  });

  it('reports a file name, the common check, the kind rules and the bump, like the service', () => {
    const withoutDuree = {
      ...definition('3.0.0'),
      fields: [{ key: 'type', type: 'boolean', label: { fr: 'T' }, privacy: 'none' }],
    };
    const dir = pluginDir(PLUGIN, {
      'cra@1.0.0.json': definition('1.0.0'),
      // A required field made optional: needs a minor version.
      'cra@1.0.1.json': definition('1.0.1', {
        fields: [{ key: 'duree', type: 'duration', label: { fr: 'Durée' }, privacy: 'none' }],
      }),
      'cra@1.0.2.json': definition('1.0.2'),
      'cra@2.0.0.json': definition('2.0.1'),
      'cra@3.0.0.json': withoutDuree,
      'cra@4.0.0.json': { ...definition('4.0.0'), title: {} },
    });
    const codes = checkVersions(loadPlugin(dir)).map((r) => [
      path.basename(r.file),
      r.problems.map((p) => `${p.path} ${p.code}`),
    ]);
    expect(codes).toEqual([
      ['cra@1.0.0.json', []],
      ['cra@1.0.1.json', ['version BUMP_TOO_SMALL']],
      // Compared with the latest version published (1.0.0): the same content, a patch is enough.
      ['cra@1.0.2.json', []],
      ['cra@2.0.0.json', [' BAD_VERSION_FILE']],
      ['cra@3.0.0.json', ['fields DUREE_REQUIRED']],
      ['cra@4.0.0.json', ['title.fr MISSING_FRENCH']],
    ]);
  });
});

describe('runHooks', () => {
  const base: InstrumentKindPlugin = {
    kind: 'k',
    version: '1.0.0',
    sdkVersion: '^1.0.0',
    description: 'd',
  };
  const cra = definition();

  it('returns what the hooks return, and no contract problem for pure hooks', () => {
    const run = runHooks(
      {
        ...base,
        checkAnswers: (_d, a) =>
          a.duree === 0 ? [{ path: 'duree', code: 'ZERO', message: 'no zero' }] : [],
        derive: (_d, a) => ({ long: (a.duree as number) >= 60 }),
        measures: () => [
          { key: 'long', label: 'Longue', type: 'count', source: 'derived', path: 'long' },
        ],
      },
      cra,
      { duree: 0 },
    );
    expect(run).toEqual({
      answerProblems: [{ path: 'duree', code: 'ZERO', message: 'no zero' }],
      derived: { long: false },
      measures: [{ key: 'long', label: 'Longue', type: 'count', source: 'derived', path: 'long' }],
      publicView: cra,
      contract: [],
    });
    expect(() => assertNoProblems(run.answerProblems, 'the answers')).toThrow(
      '1 problem(s) in the answers:\nduree ZERO no zero',
    );
  });

  it.each<[string, Partial<InstrumentKindPlugin>, string]>([
    [
      'a hook that throws',
      {
        derive: () => {
          throw new Error('boom');
        },
      },
      'derive HOOK_THREW',
    ],
    [
      'a hook that mutates the answers',
      {
        derive: (_d, a) => {
          a.duree = 1;
          return {};
        },
      },
      'derive HOOK_MUTATED_ARGUMENTS',
    ],
    [
      'a hook that is not deterministic',
      { derive: () => ({ n: Math.random() }) },
      'derive HOOK_NOT_DETERMINISTIC',
    ],
    ['a derive that is not JSON', { derive: () => ({ n: NaN }) }, 'derive HOOK_RESULT'],
    [
      'a problem without a code',
      { checkAnswers: () => [{ path: '', code: 'lower', message: 'x' }] },
      'checkAnswers HOOK_RESULT',
    ],
    [
      'a measure of a value derive does not return',
      {
        measures: () => [
          { key: 'm', label: 'M', type: 'count', source: 'derived', path: 'nowhere' },
        ],
      },
      'measures MEASURE',
    ],
    [
      'a public view that is no longer a definition',
      { publicView: (d) => ({ ...d, fields: [] }) },
      'publicView HOOK_RESULT',
    ],
  ])('reports %s', (_name, hooks, expected) => {
    const run = runHooks({ ...base, ...hooks }, cra, { duree: 30 });
    expect(run.contract.map((p) => `${p.path} ${p.code}`)).toContain(expected);
  });
});
