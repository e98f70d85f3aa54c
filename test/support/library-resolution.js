// `@observatory/<name>` for code Node loads itself, outside Jest's module system: processes run
// with `node -r ./test/support/ts-register.js`, and Jest's globalSetup/globalTeardown (which Jest
// transforms but does not resolve with its `resolver`). Maps as tsconfig.json's `paths` say
// (scripts/library-paths.js), only for this repository's own files: a plugin with its own
// package.json uses the SDK it installed. Registering twice is harmless.
'use strict';
const path = require('node:path');
const Module = require('node:module');
const { libraryTarget, usesRepositoryLibraries } = require('../../scripts/library-paths');

const MARK = Symbol.for('observatory.libraryResolution');
if (!Module._resolveFilename[MARK]) {
  const resolveFilename = Module._resolveFilename;
  const resolveLibrary = function resolveLibrary(request, parent, ...rest) {
    const from = parent?.filename ? path.dirname(parent.filename) : process.cwd();
    const target = usesRepositoryLibraries(from) ? libraryTarget(request) : undefined;
    return resolveFilename.call(this, target ?? request, parent, ...rest);
  };
  resolveLibrary[MARK] = true;
  Module._resolveFilename = resolveLibrary;
}
