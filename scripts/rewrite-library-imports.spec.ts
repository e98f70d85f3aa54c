/**
 * The import codemod on a small repository of its own: what it rewrites, what it leaves (and
 * says why), that a second run changes nothing, and that --check only reports.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
let repo: string;

const files: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      module: 'node20',
      moduleResolution: 'node16',
      strict: true,
      // No @types: the fixture's node_modules is the repository's, and loading them all is slow.
      types: [],
      paths: { '@observatory/*': ['./libs/*/src'] },
    },
  }),
  'package.json': '{ "name": "fixture", "private": true }',
  'libs/base/src/index.ts':
    "export { Thing, helper } from './deep/thing';\nexport const VERSION = 1;\n",
  'libs/base/src/deep/thing.ts':
    'export class Thing {}\nexport function helper(): number { return 1; }\nexport const hidden = 2;\nexport default Thing;\n',
  'libs/base/src/other.ts': 'export class Thing {}\n',
  'libs/top/src/index.ts': "export * from './use';\n",
  'libs/top/src/use.ts': [
    "import { VERSION } from '../../base/src';",
    "import type { Thing } from '../../base/src/deep/thing';",
    'import { helper as h } from "../../base/src/deep/thing";',
    "import { hidden } from '../../base/src/deep/thing';",
    "import Default from '../../base/src/deep/thing';",
    "import { Thing as Other } from '../../base/src/other';",
    "import { local } from './local';",
    "export { helper } from '../../base/src/deep/thing';",
    'export const all = [VERSION, h(), hidden, Default, Other, local] as const;',
    'export type T = Thing;',
    '',
  ].join('\n'),
  'libs/top/src/local.ts':
    "import { VERSION } from '../../base/src/index';\nexport const local = VERSION;\n",
  'libs/base/src/self.ts':
    "import { helper } from '../src/deep/thing';\nexport const self = helper;\n",
  'test/e2e/a.ts':
    "import { hidden } from '../../libs/base/src/deep/thing';\nimport { VERSION } from '../../libs/base/src';\nexport const a = [hidden, VERSION];\n",
  'plugins/kind/package.json': '{ "name": "outside-plugin" }',
  'plugins/kind/index.ts':
    "import { VERSION } from '../../libs/base/src';\nexport const v = VERSION;\n",
};

function codemod(...args: string[]): { stdout: string; status: number | null } {
  const result = spawnSync(process.execPath, ['scripts/rewrite-library-imports.js', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
  if (result.stderr) throw new Error(result.stderr);
  return { stdout: result.stdout, status: result.status };
}

const read = (file: string): string => fs.readFileSync(path.join(repo, file), 'utf8');

beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'codemod-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.writeFileSync(path.join(repo, file), content);
  }
  fs.mkdirSync(path.join(repo, 'scripts'));
  fs.copyFileSync(path.join(ROOT, '.prettierrc.json'), path.join(repo, '.prettierrc.json'));
  for (const script of ['library-paths.js', 'rewrite-library-imports.js']) {
    fs.copyFileSync(path.join(ROOT, 'scripts', script), path.join(repo, 'scripts', script));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'));
  execFileSync('git', ['init', '-q'], { cwd: repo });
});

afterAll(() => {
  fs.rmSync(repo, { recursive: true, force: true });
});

describe('rewrite-library-imports', () => {
  it('with --check, lists what it would rewrite, exits 1 and writes nothing', () => {
    const { stdout, status } = codemod('--check');
    expect(status).toBe(1);
    expect(stdout).toContain('would rewrite 6 import(s) in 3 file(s)');
    expect(read('libs/top/src/use.ts')).toBe(files['libs/top/src/use.ts']);
  });

  it('rewrites index and public deep imports, formats what it changed, and says what it left', () => {
    const { stdout, status } = codemod();
    expect(status).toBe(0);
    expect(stdout).toContain('rewrote 6 import(s) in 3 file(s)');
    expect(read('libs/top/src/use.ts').split('\n')).toEqual([
      "import { VERSION } from '@observatory/base';",
      "import type { Thing } from '@observatory/base';",
      "import { helper as h } from '@observatory/base';",
      "import { hidden } from '../../base/src/deep/thing';",
      "import Default from '../../base/src/deep/thing';",
      "import { Thing as Other } from '../../base/src/other';",
      "import { local } from './local';",
      "export { helper } from '@observatory/base';",
      'export const all = [VERSION, h(), hidden, Default, Other, local] as const;',
      'export type T = Thing;',
      '',
    ]);
    expect(read('libs/top/src/local.ts')).toContain("from '@observatory/base'");
    expect(stdout).toContain(
      "libs/top/src/use.ts:4  '../../base/src/deep/thing'  deep import of @observatory/base: the index does not export hidden",
    );
    expect(stdout).toContain(
      "libs/top/src/use.ts:5  '../../base/src/deep/thing'  deep import of @observatory/base: default import",
    );
    // Same name, another declaration: not the index's Thing.
    expect(stdout).toContain(
      "libs/top/src/use.ts:6  '../../base/src/other'  deep import of @observatory/base: the index does not export Thing",
    );
    // Inside its own library, in a plugin with its own package.json: untouched, not reported.
    expect(read('libs/base/src/self.ts')).toBe(files['libs/base/src/self.ts']);
    expect(read('plugins/kind/index.ts')).toBe(files['plugins/kind/index.ts']);
    // Tests keep deep imports of internals; their index imports use the name.
    expect(read('test/e2e/a.ts')).toBe(
      "import { hidden } from '../../libs/base/src/deep/thing';\nimport { VERSION } from '@observatory/base';\nexport const a = [hidden, VERSION];\n",
    );
    expect(stdout).not.toContain('test/e2e/a.ts');
  });

  it('changes nothing when run again', () => {
    const before = read('libs/top/src/use.ts');
    const { stdout, status } = codemod('--check');
    expect(status).toBe(0);
    expect(stdout).toContain('would rewrite 0 import(s) in 0 file(s)');
    expect(read('libs/top/src/use.ts')).toBe(before);
  });
});
