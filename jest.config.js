// NestJS 12 ships ESM only: @swc/jest turns it (and our TypeScript) into CommonJS for Jest.
const transform = {
  '^.+\\.(t|j)s$': [
    '@swc/jest',
    {
      module: { type: 'commonjs' },
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
      },
    },
  ],
};
const transformIgnorePatterns = [
  '/node_modules/(?!(@nestjs|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit)/)',
];
// `@observatory/<name>` imports resolve from the sources (tsconfig.json's `paths`).
const resolver = '<rootDir>/test/support/jest-resolver.js';
const common = { transform, transformIgnorePatterns, resolver, testEnvironment: 'node' };

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  // Per-test limit; a project-level testTimeout is ignored by Jest.
  testTimeout: 60000,
  // In CI, list every test, so the log shows what ran against PostgreSQL and against Redis.
  verbose: process.env.CI === 'true',
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/instruments', '<rootDir>/scripts'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...common,
      // Integration (services against real PostgreSQL and Redis) and end-to-end (GraphQL over HTTP).
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.int-spec.ts', '**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
