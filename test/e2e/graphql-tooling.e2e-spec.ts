/**
 * The usual GraphQL tooling against this service: the committed schema.graphql is the running
 * schema, and graphql-codegen generates working types from it (the documented example).
 *
 * `npm run schema:update` rewrites schema.graphql from the running schema (UPDATE_SCHEMA_FILE=1).
 */
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { lexicographicSortSchema, printSchema } from 'graphql';
import * as ts from 'typescript';
import { createTestApp, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const SCHEMA_FILE = path.join(ROOT, 'schema.graphql');
const CODEGEN = path.join(ROOT, 'examples/codegen');
const run = promisify(execFile);

describe('GraphQL tooling', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'false' });
  });
  afterAll(() => api.close());

  it('schema.graphql is the running schema', () => {
    const running = `${printSchema(lexicographicSortSchema(api.app.get(GraphQLSchemaHost).schema))}\n`;
    if (process.env.UPDATE_SCHEMA_FILE === '1') fs.writeFileSync(SCHEMA_FILE, running);
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    // A short message rather than a diff of the whole file: the fix is always the same.
    if (committed !== running) {
      throw new Error(
        'schema.graphql differs from the running schema: run `npm run schema:update` and commit it ' +
          '(and say in the changelog what changed for front-ends).',
      );
    }
  });

  it('runs the documented graphql-codegen example on it, and the generated types compile', async () => {
    const generated = path.join(CODEGEN, 'generated/graphql.ts');
    fs.rmSync(generated, { force: true });
    await run(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js'),
        '--config',
        'examples/codegen/codegen.ts',
      ],
      { cwd: ROOT, timeout: 120_000 },
    );
    const types = fs.readFileSync(generated, 'utf8');
    expect(types).toContain('export type SubmitMutation = ');
    expect(types).toContain('export type InstrumentFormQuery = ');

    const program = ts.createProgram([path.join(CODEGEN, 'usage.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      skipLibCheck: true,
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(problems).toEqual([]);
  });
});
