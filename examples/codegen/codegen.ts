/**
 * graphql-codegen for a TypeScript front-end, from the committed schema (schema.graphql):
 *   npx graphql-codegen --config examples/codegen/codegen.ts
 * writes examples/codegen/generated/graphql.ts: the types of the operations below, with the inputs
 * and enums they use.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: 'examples/codegen/operations.graphql',
  generates: {
    'examples/codegen/generated/graphql.ts': {
      plugins: ['typescript-operations'],
      config: {
        // JSON carries definitions, forms and answers; DateTime is an ISO 8601 string.
        scalars: { JSON: 'unknown', DateTime: 'string' },
        enumsAsTypes: true,
      },
    },
  },
};

export default config;
