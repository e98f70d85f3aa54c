import * as path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from './library-rules';

const ROOT = path.resolve(__dirname, '../..');
const LAYERS = [
  ['config', 'errors', 'instrument-sdk'],
  ['persistence', 'anonymisation'],
  ['auth', 'queue', 'instruments'],
];

function lint(file: string, code: string, enforce: string[] | 'all' = 'all'): string[] {
  const linter = new Linter({ cwd: ROOT });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { observatory: plugin },
        rules: {
          'observatory/library-imports': ['error', { enforce }],
          'observatory/library-layers': [
            'error',
            { layers: LAYERS, instrumentKinds: ['instrument-sdk'] },
          ],
        },
      },
    ],
    { filename: path.join(ROOT, file) },
  );
  return messages.map(
    (message) => `${message.ruleId?.replace('observatory/', '')}: ${message.message}`,
  );
}

describe('observatory/library-imports', () => {
  it('accepts a library imported by name', () => {
    expect(
      lint(
        'libs/instruments/src/a.ts',
        "import { walkFields } from '@observatory/instrument-sdk';",
      ),
    ).toEqual([]);
  });

  it.each([
    "import { walkFields } from '../../instrument-sdk/src';",
    "import type { Field } from '../../instrument-sdk/src/index';",
    "export { walkFields } from '../../instrument-sdk/src';",
    "export * from '../../instrument-sdk/src';",
    "const sdk = require('../../instrument-sdk/src');",
    "jest.mock('../../instrument-sdk/src');",
    "const sdk = import('../../instrument-sdk/src');",
    "let field: import('../../instrument-sdk/src').Field;",
  ])('refuses a relative path to another library’s index: %s', (code) => {
    expect(lint('libs/instruments/src/a.ts', code)).toEqual([
      "library-imports: Import '@observatory/instrument-sdk' instead of a relative path into libs/instrument-sdk (see docs/libraries.md).",
    ]);
  });

  it('refuses a deep import in production code, from libs, apps and built-in kinds alike', () => {
    for (const [file, specifier] of [
      ['libs/instruments/src/engine/a.ts', '../../../instrument-sdk/src/plugin'],
      ['apps/api/src/a.ts', '../../../libs/instrument-sdk/src/plugin'],
      ['instruments/debrief/index.ts', '../../libs/instrument-sdk/src/plugin'],
    ]) {
      expect(lint(file, `import { walkFields } from '${specifier}';`)).toEqual([
        expect.stringMatching(/^library-imports: Deep import into libs\/instrument-sdk: /),
      ]);
    }
  });

  it('lets tests and benchmarks reach internals, but not by a relative index path', () => {
    expect(
      lint('test/e2e/a.ts', "import { x } from '../../libs/persistence/src/entities/x';"),
    ).toEqual([]);
    expect(lint('bench/a.ts', "import { x } from '../libs/persistence/src/entities/x';")).toEqual(
      [],
    );
    expect(lint('test/e2e/a.ts', "import { x } from '../../libs/persistence/src';")).toHaveLength(
      1,
    );
  });

  it('keeps imports inside one library relative', () => {
    expect(lint('libs/instruments/src/engine/a.ts', "import { b } from '../registry/b';")).toEqual(
      [],
    );
    expect(lint('libs/instruments/src/engine/a.ts', "import { b } from '../../src';")).toEqual([]);
  });

  it('refuses a deep path after the name', () => {
    expect(
      lint('libs/instruments/src/a.ts', "import { x } from '@observatory/persistence/entities/x';"),
    ).toEqual([
      "library-imports: '@observatory/persistence/entities/x' is not an entry point: import '@observatory/<name>' (entry points are tsconfig.json's paths).",
    ]);
  });

  it('enforces only the listed libraries until it is switched to all', () => {
    const code = "import { y } from '../../persistence/src';";
    expect(lint('libs/instruments/src/a.ts', code, ['instrument-sdk'])).toEqual([]);
    expect(lint('libs/instruments/src/a.ts', code, 'all')).toHaveLength(1);
  });
});

describe('observatory/library-layers', () => {
  it('accepts imports of lower layers, by name or by path', () => {
    expect(
      lint('libs/instruments/src/a.ts', "import { x } from '@observatory/persistence';"),
    ).toEqual([]);
    expect(lint('libs/instruments/src/a.ts', "import { x } from '../../config/src';", [])).toEqual(
      [],
    );
  });

  it('refuses an import of the same or a higher layer, by name or by path', () => {
    expect(
      lint('libs/persistence/src/a.ts', "import { x } from '@observatory/instruments';"),
    ).toEqual([
      'library-layers: libs/persistence (layer 1) cannot import libs/instruments (layer 2): a library imports only libraries of lower layers (eslint.config.mjs, docs/libraries.md).',
    ]);
    expect(lint('libs/auth/src/a.ts', "import type { x } from '../../queue/src/q';", [])).toEqual([
      expect.stringMatching(
        /^library-layers: libs\/auth \(layer 2\) cannot import libs\/queue \(layer 2\)/,
      ),
    ]);
  });

  it('asks for a library missing from the layers to be placed', () => {
    expect(
      lint('libs/brand-new/src/a.ts', "import { x } from '@observatory/persistence';"),
    ).toEqual([
      'library-layers: libs/brand-new is not in the library layers: add it to the layer it belongs to in eslint.config.mjs.',
    ]);
  });

  it('lets a built-in kind import the SDK only (its tests anything)', () => {
    expect(
      lint(
        'instruments/debrief/index.ts',
        "import { walkFields } from '@observatory/instrument-sdk';",
      ),
    ).toEqual([]);
    expect(
      lint('instruments/debrief/index.ts', "import { x } from '@observatory/persistence';"),
    ).toEqual([
      'library-layers: A built-in instrument kind imports only @observatory/instrument-sdk, not libs/persistence: a kind is a plugin written against the SDK.',
    ]);
    expect(
      lint('instruments/debrief/index.spec.ts', "import { x } from '@observatory/instruments';"),
    ).toEqual([]);
  });

  it('leaves apps, tests and benchmarks free to import any library', () => {
    expect(lint('apps/api/src/a.ts', "import { x } from '@observatory/exports';")).toEqual([]);
    expect(lint('test/e2e/a.ts', "import { x } from '@observatory/exports';")).toEqual([]);
  });
});
