// Two lint rules that keep libraries apart (see docs/libraries.md):
//
// - `observatory/library-imports`: another library is imported by its name, `@observatory/<name>`,
//   through its public index: no relative path into its folder, no deep path. Tests and benchmarks
//   may still reach a library's internals by relative path (they test them).
// - `observatory/library-layers`: a library imports only libraries of lower layers (so no cycle,
//   nothing reaching upward), and a built-in instrument kind imports only the SDK.
'use strict';
const path = require('node:path');
const {
  ROOT,
  SCOPE,
  MODULE_CALLS,
  isInside,
  libraryOf,
  internalsAllowed,
  libraryTarget,
} = require('../library-paths');

const INSTRUMENTS = path.join(ROOT, 'instruments');

function calleeName(callee) {
  if (callee.type === 'Identifier') return callee.name;
  if (
    callee.type === 'MemberExpression' &&
    callee.object.type === 'Identifier' &&
    callee.property.type === 'Identifier'
  ) {
    return `${callee.object.name}.${callee.property.name}`;
  }
  return undefined;
}

/** Calls `check(node, specifier)` for every module specifier of the file. */
function moduleSpecifierVisitor(check) {
  const literal = (node) =>
    node && node.type === 'Literal' && typeof node.value === 'string' ? node : undefined;
  const visit = (node) => {
    const source = literal(node);
    if (source) check(source, source.value);
  };
  return {
    ImportDeclaration: (node) => visit(node.source),
    ExportNamedDeclaration: (node) => visit(node.source),
    ExportAllDeclaration: (node) => visit(node.source),
    ImportExpression: (node) => visit(node.source),
    TSImportEqualsDeclaration: (node) => visit(node.moduleReference?.expression),
    TSImportType: (node) => visit(node.source ?? node.argument?.literal),
    CallExpression(node) {
      const name = calleeName(node.callee);
      if (name !== undefined && MODULE_CALLS.has(name)) visit(node.arguments[0]);
    },
  };
}

/**
 * What a specifier written in `file` designates in terms of libraries:
 * `{ library, entry, absolute }` for a relative path into libs/<name>/src (entry: the index),
 * `{ library, alias }` for `@observatory/<name>`, undefined otherwise.
 */
function libraryReference(file, specifier) {
  if (specifier.startsWith(SCOPE)) {
    const target = libraryTarget(specifier);
    return {
      library: target && libraryOf(target)?.name,
      alias: true,
      declared: target !== undefined,
    };
  }
  if (!specifier.startsWith('.')) return undefined;
  const absolute = path.resolve(path.dirname(file), specifier);
  const library = libraryOf(absolute);
  if (library === undefined || !isInside(absolute, library.src)) return undefined;
  const entry = absolute === library.src || absolute === path.join(library.src, 'index');
  return { library: library.name, alias: false, entry };
}

const libraryImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another library as @observatory/<name>, through its index' },
    schema: [
      {
        type: 'object',
        properties: {
          enforce: {
            oneOf: [{ const: 'all' }, { type: 'array', items: { type: 'string' } }],
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      relative:
        "Import '@observatory/{{library}}' instead of a relative path into libs/{{library}} (see docs/libraries.md).",
      deep: "Deep import into libs/{{library}}: import it from '@observatory/{{library}}' (export it from libs/{{library}}/src/index.ts if other libraries need it).",
      undeclared:
        "'{{specifier}}' is not an entry point: import '@observatory/<name>' (entry points are tsconfig.json's paths).",
    },
  },
  create(context) {
    const file = context.filename;
    const option = context.options[0]?.enforce ?? 'all';
    const enforced = (library) => option === 'all' || option.includes(library);
    const own = libraryOf(file)?.name;
    const mayReachInternals = internalsAllowed(file);
    return moduleSpecifierVisitor((node, specifier) => {
      const reference = libraryReference(file, specifier);
      if (reference === undefined) return;
      if (reference.alias) {
        if (!reference.declared)
          context.report({ node, messageId: 'undeclared', data: { specifier } });
        return;
      }
      const { library } = reference;
      if (library === own || !enforced(library)) return;
      if (reference.entry) context.report({ node, messageId: 'relative', data: { library } });
      else if (!mayReachInternals) context.report({ node, messageId: 'deep', data: { library } });
    });
  },
};

const libraryLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'Libraries import only lower layers; built-in kinds only the SDK' },
    schema: [
      {
        type: 'object',
        properties: {
          layers: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
          instrumentKinds: { type: 'array', items: { type: 'string' } },
        },
        required: ['layers', 'instrumentKinds'],
        additionalProperties: false,
      },
    ],
    messages: {
      upward:
        'libs/{{from}} (layer {{fromLayer}}) cannot import libs/{{to}} (layer {{toLayer}}): a library imports only libraries of lower layers (eslint.config.mjs, docs/libraries.md).',
      unknown:
        'libs/{{library}} is not in the library layers: add it to the layer it belongs to in eslint.config.mjs.',
      kind: 'A built-in instrument kind imports only {{allowed}}, not libs/{{to}}: a kind is a plugin written against the SDK.',
    },
  },
  create(context) {
    const { layers, instrumentKinds } = context.options[0];
    const rank = new Map(layers.flatMap((names, index) => names.map((name) => [name, index])));
    const file = context.filename;
    const from = libraryOf(file)?.name;
    const isKind = isInside(file, INSTRUMENTS) && !/\.spec\.ts$/.test(file);
    if (from === undefined && !isKind) return {};
    if (from !== undefined && !rank.has(from)) {
      return {
        Program(node) {
          context.report({ node, messageId: 'unknown', data: { library: from } });
        },
      };
    }
    return moduleSpecifierVisitor((node, specifier) => {
      const reference = libraryReference(file, specifier);
      const to = reference?.library;
      if (to === undefined || to === from) return;
      if (isKind) {
        if (!instrumentKinds.includes(to)) {
          context.report({
            node,
            messageId: 'kind',
            data: { to, allowed: instrumentKinds.map((name) => `@observatory/${name}`).join(', ') },
          });
        }
        return;
      }
      if (!rank.has(to)) {
        context.report({ node, messageId: 'unknown', data: { library: to } });
      } else if (rank.get(to) >= rank.get(from)) {
        context.report({
          node,
          messageId: 'upward',
          data: { from, to, fromLayer: rank.get(from), toLayer: rank.get(to) },
        });
      }
    });
  },
};

module.exports = {
  meta: { name: 'observatory' },
  rules: { 'library-imports': libraryImports, 'library-layers': libraryLayers },
};
