/**
 * Docs that run: every shell and GraphQL example of README.md and docs/*.md marked
 * `<!-- runnable -->` is run against a started service with the demo data, in order, file by
 * file; the others must say why they cannot run (`<!-- not-runnable: why -->`). Conventions of
 * the examples: the API is `http://127.0.0.1:3000` and the admin key `obs_…` (both replaced by the
 * test's), GraphQL blocks run with the admin key, shell blocks run with bash in a directory whose
 * `.data/` is the service's DATA_DIR. See test/support/doc-blocks.ts for the markers' options.
 *
 * A block fails when a GraphQL request answers errors or `SubmissionRejected`, or a shell command
 * exits non-zero or prints GraphQL errors; the failure names the file, the block and why.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  blockName,
  docBlocks,
  documentationFiles,
  type DocBlock,
  type RunOptions,
} from '../support/doc-blocks';
import { createTestApp, TEST_ADMIN_KEY, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const DOC_ORIGIN = 'http://127.0.0.1:3000';
const DOC_KEY = 'obs_…';

const files = documentationFiles(ROOT).map((file) => ({
  file,
  blocks: docBlocks(file, fs.readFileSync(path.join(ROOT, file), 'utf8')),
}));

type State = Map<string, unknown>;

describe('documentation examples', () => {
  let api: TestApp;
  let origin: string;
  let workDir: string;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-examples-'));
    api = await createTestApp({
      DEMO_DATA: 'true',
      DATA_DIR: path.join(workDir, '.data'),
      EXPORT_DIR: path.join(workDir, '.data', 'exports'),
      RATE_LIMIT_PER_MINUTE: '0',
    });
    await api.app.listen(0, '127.0.0.1');
    const { port } = (api.app.getHttpServer() as unknown as Server).address() as AddressInfo;
    origin = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await api?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('finds the examples', () => {
    expect(files.flatMap(({ blocks }) => blocks).length).toBeGreaterThan(10);
  });

  describe.each(files.filter(({ blocks }) => blocks.length > 0))('$file', ({ blocks }) => {
    // Blocks of one file run in order and share what they saved.
    const state: State = new Map();
    it.each(blocks.map((block) => [blockName(block), block] as const))(
      '%s',
      async (_name, block) => {
        const failure = await check(block, state);
        if (failure !== undefined) throw new Error(`${blockName(block)}: ${failure}`);
      },
    );
  });

  async function check(block: DocBlock, state: State): Promise<string | undefined> {
    if (block.markerError) return block.markerError;
    if (block.marker === null) {
      return 'has no marker: put <!-- runnable --> just before it (the test then runs it), or <!-- not-runnable: why --> when it cannot run here';
    }
    if (!block.marker.runnable) return undefined;
    return block.language === 'graphql'
      ? runGraphql(block, block.marker.options, state)
      : runShell(block, block.marker.options, state);
  }

  async function runGraphql(
    block: DocBlock,
    options: RunOptions,
    state: State,
  ): Promise<string | undefined> {
    for (const operationName of options.operations ?? [undefined]) {
      const deadline = Date.now() + 60_000;
      for (;;) {
        let call = api.http().post('/graphql').set('content-type', 'application/json');
        if (!options.anonymous) call = call.set('authorization', `Bearer ${TEST_ADMIN_KEY}`);
        const response = await call.send({
          query: block.code,
          ...(operationName ? { operationName } : {}),
          variables: templated(options.variables ?? {}, state),
        });
        const named = operationName ? `operation ${operationName}: ` : '';
        const body = response.body as {
          data?: Record<string, unknown>;
          errors?: { message: string; extensions?: { code?: string } }[];
        };
        if (response.status !== 200 || body.errors?.length) {
          const [first] = body.errors ?? [];
          return `${named}the service answered HTTP ${response.status}${
            first ? ` with ${first.extensions?.code ?? 'an error'}: ${first.message}` : ''
          }`;
        }
        const rejected = rejection(body.data);
        if (rejected) return `${named}the service refused it: ${rejected}`;
        for (const [name, at] of Object.entries(options.save ?? {})) {
          const saved = valueAt(body.data, at);
          // One operation of several may not hold it: keep what an earlier one saved.
          if (saved !== undefined) state.set(name, saved);
        }
        if (
          !options.poll ||
          String(valueAt(body.data, options.poll.path)) === options.poll.equals
        ) {
          break;
        }
        if (Date.now() > deadline) {
          return `${named}${options.poll.path} was still ${String(valueAt(body.data, options.poll.path))} after 60 s, not ${options.poll.equals}`;
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
    return undefined;
  }

  async function runShell(
    block: DocBlock,
    options: RunOptions,
    state: State,
  ): Promise<string | undefined> {
    const code = block.code.split(DOC_ORIGIN).join(origin).split(DOC_KEY).join(TEST_ADMIN_KEY);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: workDir,
      ...(templated(options.env ?? {}, state) as Record<string, string>),
    };
    const outcome = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) => {
        execFile(
          'bash',
          ['-euo', 'pipefail', '-c', code],
          { cwd: workDir, env, timeout: 60_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code ?? 1) || 1 : 0, stdout, stderr }),
        );
      },
    );
    if (outcome.code !== 0) {
      return `the commands exited with ${outcome.code}: ${lastLines(outcome.stderr || outcome.stdout)}`;
    }
    if (/"errors"\s*:\s*\[|SubmissionRejected/.test(outcome.stdout)) {
      return `the service answered an error: ${lastLines(outcome.stdout)}`;
    }
    return undefined;
  }
});

/** `{{name}}` replaced by saved values (a value alone keeps its type). */
function templated(value: unknown, state: State): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{(\w+)\}\}$/.exec(value);
    if (whole) return state.get(whole[1]);
    return value.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => String(state.get(name)));
  }
  if (Array.isArray(value)) return value.map((item) => templated(item, state));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, templated(v, state)]));
  }
  return value;
}

function valueAt(root: unknown, at: string): unknown {
  return at.split('.').reduce<unknown>((current, key) => {
    if (current === null || typeof current !== 'object') return undefined;
    return (current as Record<string, unknown>)[key];
  }, root);
}

/** The codes and paths of a SubmissionRejected anywhere in the data. */
function rejection(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const record = data as Record<string, unknown>;
  if (record.__typename === 'SubmissionRejected') {
    const errors = (record.errors ?? []) as { path: string; code: string }[];
    return errors.map((error) => `${error.code} at ${error.path}`).join(', ') || 'rejected';
  }
  for (const value of Object.values(record)) {
    const found = rejection(value);
    if (found) return found;
  }
  return undefined;
}

/** The lines that say what went wrong: those naming an error, else the last three. */
function lastLines(text: string): string {
  const lines = text.trim().split('\n');
  const errors = lines.filter((line) => /error|denied|not found|no such/i.test(line));
  return (errors.length ? errors.slice(0, 3) : lines.slice(-3)).join(' / ').slice(0, 500);
}
