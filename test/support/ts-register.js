// Lets a child process run the TypeScript sources directly (`node -r ./test/support/ts-register.js
// apps/api/main.ts`), so process-level tests need no build. Same transform as jest.config.js, and
// `@observatory/<name>` resolved from the sources as tsconfig.json's `paths` say (only for this
// repository's own files: a plugin with its own package.json uses the SDK it installed).
const fs = require('node:fs');
const Module = require('node:module');
const swc = require('@swc/core');
require('./library-resolution');

Module._extensions['.ts'] = function compile(module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
  });
  module._compile(code, filename);
};
