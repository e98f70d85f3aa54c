// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import observatory from './scripts/eslint/library-rules.js';

/**
 * The libraries in layers, lowest first: a library imports only libraries of lower layers, so
 * nothing reaches upward and there is no cycle (docs/libraries.md). A new library goes in the
 * lowest layer above everything it imports.
 */
const LIBRARY_LAYERS = [
  ['config', 'errors', 'instrument-sdk'],
  ['persistence', 'anonymisation'],
  ['auth', 'queue', 'instruments'],
  ['audit', 'campaigns', 'partners'],
  ['submissions'],
  ['aggregation'],
  ['exports'],
];

/**
 * Libraries that must be imported as `@observatory/<name>` through their index. Every library once
 * scripts/rewrite-library-imports.js has run over the code base: then write 'all'.
 */
const IMPORTED_BY_NAME = ['instrument-sdk'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    plugins: { observatory },
    rules: {
      'observatory/library-imports': ['error', { enforce: IMPORTED_BY_NAME }],
      'observatory/library-layers': [
        'error',
        { layers: LIBRARY_LAYERS, instrumentKinds: ['instrument-sdk'] },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
