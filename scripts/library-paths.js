// How `@observatory/<name>` imports find a library, read from one table: the `paths` of
// tsconfig.json. tsc type-checks with that table; this module applies it wherever Node or Jest
// resolve modules from the TypeScript sources (test/support/jest-resolver.js,
// test/support/ts-register.js), and scripts/link-libraries.js writes the same mapping into dist/
// for the compiled service. See docs/libraries.md.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SCOPE = '@observatory/';
const LIBS = path.join(ROOT, 'libs');
/** Tests and benchmarks may reach a library's internals by relative path: they test them. */
const INTERNALS_ALLOWED = ['test', 'bench'].map((dir) => path.join(ROOT, dir) + path.sep);
/** Calls whose first argument names a module, besides import and export statements. */
const MODULE_CALLS = new Set([
  'require',
  'jest.mock',
  'jest.doMock',
  'jest.unmock',
  'jest.dontMock',
  'jest.requireActual',
  'jest.requireMock',
  'jest.createMockFromModule',
]);

function isInside(file, dir) {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** `{ name, src }` of the library a file or folder belongs to (libs/<name>/…), or undefined. */
function libraryOf(file) {
  if (!isInside(file, LIBS) || path.resolve(file) === LIBS) return undefined;
  const name = path.relative(LIBS, file).split(path.sep)[0];
  return { name, src: path.join(LIBS, name, 'src') };
}

function internalsAllowed(file) {
  return INTERNALS_ALLOWED.some((dir) => file.startsWith(dir));
}

/** `[{ pattern: '@observatory/*', target: '<root>/libs/*\/src' }, …]`, exact entries first. */
function readAliases() {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  const paths = tsconfig.compilerOptions.paths ?? {};
  return Object.entries(paths)
    .filter(([pattern]) => pattern.startsWith(SCOPE))
    .map(([pattern, [target]]) => ({ pattern, target: path.resolve(ROOT, target) }))
    .sort((a, b) => Number(a.pattern.includes('*')) - Number(b.pattern.includes('*')));
}

const ALIASES = readAliases();
/** A library name as the wildcard entry accepts it: no sub-path. */
const LIBRARY_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * The file or folder (without extension) that `@observatory/…` names, or undefined when `request`
 * is not a library import or names nothing declared (a deep import such as
 * `@observatory/persistence/entities/x` resolves to nothing, so it fails to load).
 */
function libraryTarget(request) {
  if (!request.startsWith(SCOPE)) return undefined;
  for (const { pattern, target } of ALIASES) {
    if (!pattern.includes('*')) {
      if (request === pattern) return target;
      continue;
    }
    const [prefix, suffix] = pattern.split('*');
    if (!request.startsWith(prefix) || !request.endsWith(suffix)) continue;
    const name = request.slice(prefix.length, request.length - suffix.length);
    if (!LIBRARY_NAME.test(name)) continue;
    const resolved = target.replace('*', name);
    if (fs.existsSync(resolved) || fs.existsSync(`${resolved}.ts`)) return resolved;
  }
  return undefined;
}

const ownerCache = new Map();

/**
 * Whether a file in `directory` belongs to this repository's own code, which resolves
 * `@observatory/…` from the sources. A folder with a package.json of its own (a plugin such as
 * plugins/activity-report, a scaffolded kind, anything under node_modules) resolves its
 * dependencies itself, from its node_modules: its SDK is the installed package.
 */
function usesRepositoryLibraries(directory) {
  let dir = path.resolve(directory);
  const seen = [];
  let answer = false;
  while (true) {
    if (ownerCache.has(dir)) {
      answer = ownerCache.get(dir);
      break;
    }
    seen.push(dir);
    if (path.basename(dir) === 'node_modules') break;
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      answer = dir === ROOT || (typeof name === 'string' && name.startsWith(SCOPE));
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const visited of seen) ownerCache.set(visited, answer);
  return answer;
}

/** Every declared entry point: `{ request, target }`, wildcard entries expanded over libs/. */
function libraryEntries() {
  const entries = [];
  for (const { pattern, target } of ALIASES) {
    if (!pattern.includes('*')) {
      entries.push({ request: pattern, target });
      continue;
    }
    const parent = path.resolve(target.split('*')[0]);
    for (const name of fs.readdirSync(parent).sort()) {
      const request = pattern.replace('*', name);
      const resolved = libraryTarget(request);
      if (resolved !== undefined && fs.existsSync(path.join(resolved, 'index.ts'))) {
        entries.push({ request, target: resolved });
      }
    }
  }
  return entries;
}

module.exports = {
  ROOT,
  SCOPE,
  MODULE_CALLS,
  isInside,
  libraryOf,
  internalsAllowed,
  libraryTarget,
  libraryEntries,
  usesRepositoryLibraries,
};
