/**
 * The files of a new instrument kind. Two layouts:
 * - `package`: a plugin of its own, outside the service (a folder with its package.json, built with
 *   tsc, tested with node:test and the SDK test kit, loaded with INSTRUMENT_PLUGINS);
 * - `builtin`: a kind shipped with the service, `instruments/<kind>/` in its repository (tested
 *   with Jest like the other built-in kinds).
 */
import { SDK_VERSION } from '../plugin';

export type ScaffoldLayout = 'package' | 'builtin';

/** `kind` names a plugin in definitions and GraphQL: lower-case kebab or snake case. */
export const KIND_NAME = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;

/** Exact versions for the generated package's tools: the ones this SDK is built and tested with. */
const TYPESCRIPT_VERSION = '6.0.3';
const TYPES_NODE_VERSION = '24.19.4';

function sdkRange(): string {
  return `^${SDK_VERSION.split('.')[0]}.0.0`;
}

function title(kind: string): string {
  const words = kind.replace(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Relative path → content of every file to create. */
export function scaffoldFiles(kind: string, layout: ScaffoldLayout): Record<string, string> {
  const key = `${kind}-example`;
  const versionFile = `versions/${key}@1.0.0.json`;
  const schema =
    layout === 'package'
      ? '../node_modules/@observatory/instrument-sdk/dist/instrument-definition.schema.json'
      : '../../../libs/instrument-sdk/src/instrument-definition.schema.json';
  const files: Record<string, string> = {
    [versionFile]: `${JSON.stringify(exampleVersion(kind, key, schema), null, 2)}\n`,
    'README.md': readme(kind, key, layout),
  };
  if (layout === 'package') {
    files['package.json'] = `${JSON.stringify(packageJson(kind), null, 2)}\n`;
    files['tsconfig.json'] = TSCONFIG;
    files['.gitignore'] = 'node_modules/\ndist/\n';
    files['src/index.ts'] = pluginSource(kind, layout);
    files['src/index.test.ts'] = packageTest(kind, key);
  } else {
    files['index.ts'] = pluginSource(kind, layout);
    files['index.spec.ts'] = builtinSpec(kind, key);
  }
  return files;
}

function exampleVersion(kind: string, key: string, schema: string): object {
  return {
    $schema: schema,
    key,
    kind,
    version: '1.0.0',
    title: { fr: `${title(kind)} : exemple` },
    description: { fr: `Une première version de ${kind} ; remplacez ces champs par les vôtres.` },
    fields: [
      {
        key: 'date',
        type: 'date',
        label: { fr: 'Date' },
        required: true,
        privacy: 'quasi',
        generalisation: { kind: 'date-month' },
      },
      {
        key: 'duree',
        type: 'duration',
        label: { fr: 'Durée (minutes)' },
        privacy: 'none',
        min: 1,
        max: 1440,
      },
      {
        key: 'notes',
        type: 'long-text',
        label: { fr: 'Notes' },
        privacy: 'free-text',
        maxLength: 2000,
      },
    ],
  };
}

function pluginSource(kind: string, layout: ScaffoldLayout): string {
  const versionsDir =
    layout === 'package'
      ? "// Compiled to dist/index.js: the versions are beside dist/.\n  versionsDir: path.join(__dirname, '..', 'versions'),"
      : "versionsDir: path.join(__dirname, 'versions'),";
  return `import * as path from 'node:path';
import {
  walkFields,
  type InstrumentDefinition,
  type InstrumentKindPlugin,
  type Problem,
} from '@observatory/instrument-sdk';

/**
 * A rule of this kind, beyond the common definition check: every text field sets a maxLength.
 * Replace it with the rules of your kind (or remove checkDefinition).
 */
export function check${pascal(kind)}(definition: InstrumentDefinition): Problem[] {
  const problems: Problem[] = [];
  for (const { field, path: keys } of walkFields(definition.fields)) {
    const isText = field.type === 'short-text' || field.type === 'long-text';
    if (isText && field.maxLength === undefined) {
      problems.push({
        path: keys.join('.'),
        code: 'MAX_LENGTH_REQUIRED',
        message: \`text field "\${keys.join('.')}" needs a maxLength\`,
      });
    }
  }
  return problems;
}

const plugin: InstrumentKindPlugin = {
  kind: '${kind}',
  version: '1.0.0',
  sdkVersion: '${sdkRange()}',
  description: '${title(kind)}: describe your instrument kind in one line.',
  ${versionsDir}
  checkDefinition: check${pascal(kind)},
};

export default plugin;
`;
}

function pascal(kind: string): string {
  return kind
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function packageTest(kind: string, key: string): string {
  return `import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  assertNoProblems,
  checkVersions,
  loadPlugin,
  runHooks,
} from '@observatory/instrument-sdk/testing';

// This folder, loaded the way INSTRUMENT_PLUGINS=<this folder> loads it (package.json "main").
const plugin = loadPlugin(path.join(__dirname, '..'));
const versions = checkVersions(plugin);

test('ships versions the service accepts', () => {
  const names = versions.map((version) => path.basename(version.file));
  assert.deepEqual(names, ['${key}@1.0.0.json']);
  assertNoProblems(versions.flatMap((version) => version.problems));
});

test('runs its hooks within the SDK contract', () => {
  const definition = versions[0].definition!;
  const run = runHooks(plugin, definition, { date: '2024-03-12', duree: 45, notes: 'Atelier' });
  assertNoProblems(run.contract);
  assert.deepEqual(run.answerProblems, []);
});

test('refuses a text field without maxLength', () => {
  const definition = versions[0].definition!;
  const fields = definition.fields.map((field) =>
    field.key === 'notes' ? { ...field, maxLength: undefined } : field,
  );
  const problems = plugin.checkDefinition?.({ ...definition, fields }) ?? [];
  assert.deepEqual(
    problems.map((problem) => \`\${problem.path} \${problem.code}\`),
    ['notes MAX_LENGTH_REQUIRED'],
  );
});
`;
}

function builtinSpec(kind: string, key: string): string {
  return `import * as path from 'node:path';
import {
  assertNoProblems,
  checkVersions,
  loadPlugin,
  runHooks,
} from '@observatory/instrument-sdk/testing';
import plugin from '.';

describe('the ${kind} kind', () => {
  const versions = checkVersions(loadPlugin(__dirname));

  it('ships versions the service accepts', () => {
    const names = versions.map((version) => path.basename(version.file));
    expect(names).toEqual(['${key}@1.0.0.json']);
    assertNoProblems(versions.flatMap((version) => version.problems));
  });

  it('runs its hooks within the SDK contract', () => {
    const run = runHooks(plugin, versions[0].definition!, { date: '2024-03-12', duree: 45 });
    assertNoProblems(run.contract);
    expect(run.answerProblems).toEqual([]);
  });

  it('refuses a text field without maxLength', () => {
    const definition = versions[0].definition!;
    const fields = definition.fields.map((field) =>
      field.key === 'notes' ? { ...field, maxLength: undefined } : field,
    );
    expect(
      plugin.checkDefinition?.({ ...definition, fields }).map((p) => \`\${p.path} \${p.code}\`),
    ).toEqual(['notes MAX_LENGTH_REQUIRED']);
  });
});
`;
}

function packageJson(kind: string): object {
  return {
    name: `observatory-plugin-${kind}`,
    version: '1.0.0',
    private: true,
    description: `Instrument kind "${kind}" for the Observatory API`,
    main: 'dist/index.js',
    files: ['dist', 'versions', 'README.md'],
    scripts: {
      build: 'tsc -p tsconfig.json',
      test: "tsc -p tsconfig.json && node --test 'dist/**/*.test.js'",
    },
    dependencies: { '@observatory/instrument-sdk': sdkRange() },
    devDependencies: { '@types/node': TYPES_NODE_VERSION, typescript: TYPESCRIPT_VERSION },
  };
}

/** CommonJS for Node, as the service loads plugins with `require`; declarations for reuse. */
const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2023",
    "module": "node20",
    "moduleResolution": "node16",
    "lib": ["ES2023"],
    "types": ["node"],
    "strict": true,
    "esModuleInterop": true,
    "declaration": true,
    "rootDir": "src",
    "outDir": "dist"
  },
  "include": ["src"]
}
`;

function readme(kind: string, key: string, layout: ScaffoldLayout): string {
  const test = layout === 'package' ? 'npm test' : `npx jest instruments/${kind}`;
  const load =
    layout === 'package'
      ? `npm run build\nINSTRUMENT_PLUGINS=/path/to/this/folder npm start   # in the service`
      : 'npm start   # built-in kinds are found in instruments/ at start-up';
  return `# ${title(kind)}

Instrument kind \`${kind}\` for the Observatory API, written against
[@observatory/instrument-sdk](https://www.npmjs.com/package/@observatory/instrument-sdk) ${sdkRange()}.

- \`${layout === 'package' ? 'src/index.ts' : 'index.ts'}\`: the plugin (its kind, versions folder and hooks).
- \`versions/${key}@1.0.0.json\`: a first version; its \`$schema\` lets an editor check it as you type.
- \`${layout === 'package' ? 'src/index.test.ts' : 'index.spec.ts'}\`: the SDK test kit runs the version files and the hooks
  through the checks the service runs.

\`\`\`sh
${test}
${load}
\`\`\`

What to write next: the fields of your instrument, the rules of your kind (\`checkDefinition\`,
\`checkAnswers\`), derived values (\`derive\`, \`measures\`) and what non-admins may see
(\`publicView\`). See the guide for instrument plugin authors (docs/instrument-plugins.md of the
Observatory API).
`;
}
