import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import schema from '../instrument-definition.schema.json';
import { assertNoProblems, checkVersions, loadPlugin, runHooks } from '../testing';
import { scaffold } from './cli';
import { scaffoldFiles } from './templates';

const ROOT = path.resolve(__dirname, '../../../..');
const schemaAccepts = new Ajv2020({ strict: false }).compile(schema);
let work: string;

beforeEach(() => {
  // Inside the repository (dist/ is ignored), so the kind resolves @observatory/instrument-sdk
  // from the sources like a built-in kind does.
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  work = fs.mkdtempSync(path.join(ROOT, 'dist', 'scaffold-test-'));
});
afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the scaffold', () => {
  it('creates a built-in kind that passes the test kit, as its own test checks', () => {
    const folder = path.join(work, 'visit-report');
    expect(scaffold('visit-report', folder, 'builtin')).toEqual([
      'README.md',
      'index.spec.ts',
      'index.ts',
      'versions/visit-report-example@1.0.0.json',
    ]);
    const plugin = loadPlugin(folder);
    expect(plugin).toMatchObject({ kind: 'visit-report', sdkVersion: '^1.0.0' });
    const versions = checkVersions(plugin);
    assertNoProblems(versions.flatMap((version) => version.problems));
    const run = runHooks(plugin, versions[0].definition!, { date: '2024-03-12', duree: 45 });
    assertNoProblems(run.contract);
    const fields = versions[0].definition!.fields.map((field) =>
      field.key === 'notes' ? { ...field, maxLength: undefined } : field,
    );
    expect(
      plugin.checkDefinition?.({ ...versions[0].definition!, fields }).map((p) => p.code),
    ).toEqual(['MAX_LENGTH_REQUIRED']);
  });

  it.each(['package', 'builtin'] as const)(
    'writes %s files in the house style, with a version file the schema accepts',
    (layout) => {
      // Prettier runs in a process of its own (it loads plugins with import(), which Jest lacks).
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffold-style-'));
      try {
        scaffold('activity_report', path.join(folder, 'kind'), layout);
        const prettier = path.join(path.dirname(require.resolve('prettier/package.json')), 'bin');
        const check = spawnSync(
          process.execPath,
          [
            path.join(prettier, 'prettier.cjs'),
            '--check',
            '--config',
            path.join(ROOT, '.prettierrc.json'),
            path.join(folder, 'kind'),
          ],
          { encoding: 'utf8' },
        );
        expect(check.stderr + check.stdout).toContain('All matched files use Prettier code style!');
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
      const files = scaffoldFiles('activity_report', layout);
      const version = JSON.parse(files['versions/activity_report-example@1.0.0.json']) as unknown;
      expect(schemaAccepts(version)).toBe(true);
    },
  );

  it('gives an outside package its build, test and SDK range', () => {
    const manifest = JSON.parse(scaffoldFiles('cra', 'package')['package.json']) as Record<
      string,
      Record<string, string>
    >;
    expect(manifest.main).toBe('dist/index.js');
    expect(manifest.dependencies).toEqual({ '@observatory/instrument-sdk': '^1.0.0' });
    expect(manifest.scripts.test).toBe("tsc -p tsconfig.json && node --test 'dist/**/*.test.js'");
  });

  it('refuses a bad kind name and an existing folder, writing nothing', () => {
    expect(() => scaffold('Visit Report', path.join(work, 'x'), 'package')).toThrow(
      /"Visit Report" is not a kind name/,
    );
    expect(fs.existsSync(path.join(work, 'x'))).toBe(false);
    fs.mkdirSync(path.join(work, 'taken'));
    expect(() => scaffold('taken', path.join(work, 'taken'), 'package')).toThrow(
      /already exists: choose another kind or --dir, nothing was written/,
    );
    expect(fs.readdirSync(path.join(work, 'taken'))).toEqual([]);
  });
});
