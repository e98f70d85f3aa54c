/**
 * The shell and GraphQL examples of the documentation, as the docs-examples test runs them.
 *
 * Every ```sh (bash, shell) and ```graphql block of README.md and docs/*.md carries a marker on
 * the last non-blank line before it:
 * - `<!-- runnable -->`, or `<!-- runnable {…} -->` with options (JSON, see `RunOptions`): the test
 *   runs it against a started service with the demo data;
 * - `<!-- not-runnable: why -->`: not run (it starts the service, needs Docker, an outside
 *   database…), and the reason says why.
 * A block without a marker fails the test: every example either runs or says why it cannot.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type BlockLanguage = 'shell' | 'graphql';

export interface RunOptions {
  /** Named operations to send one after the other (a block with several operations). */
  operations?: string[];
  /** GraphQL variables; `{{name}}` is replaced by a value saved by an earlier block. */
  variables?: Record<string, unknown>;
  /** Values to keep for later blocks: name → dotted path into `data` (GraphQL) . */
  save?: Record<string, string>;
  /** Send again until the value at `path` (into `data`) equals `equals` (at most 60 s). */
  poll?: { path: string; equals: string };
  /** Shell only: environment variables, with `{{name}}` replaced as in `variables`. */
  env?: Record<string, string>;
  /** GraphQL only: no Authorization header (an operation that needs no key). */
  anonymous?: boolean;
}

export interface DocBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** 1-based position among the file's shell and GraphQL blocks. */
  index: number;
  language: BlockLanguage;
  code: string;
  marker: { runnable: true; options: RunOptions } | { runnable: false; reason: string } | null;
  /** Why the marker could not be read, if it could not. */
  markerError?: string;
}

const FENCE = /^```(\w*)\s*$/;
const RUNNABLE = /^<!--\s*runnable(?:\s+(\{.*\}))?\s*-->$/;
const NOT_RUNNABLE = /^<!--\s*not-runnable:\s*(.+?)\s*-->$/;
const LANGUAGES: Record<string, BlockLanguage> = {
  sh: 'shell',
  bash: 'shell',
  shell: 'shell',
  graphql: 'graphql',
};

export function docBlocks(file: string, text: string): DocBlock[] {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end < 0) break;
    const language = LANGUAGES[fence[1]];
    if (language !== undefined) {
      // The marker is the last non-blank line before the fence (Prettier puts a blank line after it).
      let above = i - 1;
      while (above >= 0 && lines[above].trim() === '') above--;
      const before = (lines[above] ?? '').trim();
      const block: DocBlock = {
        file,
        line: i + 1,
        index: blocks.length + 1,
        language,
        code: lines.slice(i + 1, end).join('\n'),
        marker: null,
      };
      const runnable = RUNNABLE.exec(before);
      const notRunnable = NOT_RUNNABLE.exec(before);
      if (runnable) {
        try {
          block.marker = { runnable: true, options: JSON.parse(runnable[1] ?? '{}') as RunOptions };
        } catch (error) {
          block.markerError = `its runnable options are not JSON (${(error as Error).message})`;
        }
      } else if (notRunnable) {
        block.marker = { runnable: false, reason: notRunnable[1] };
      }
      blocks.push(block);
    }
    i = end;
  }
  return blocks;
}

/** README.md and every docs/*.md, relative to the repository root. */
export function documentationFiles(root: string): string[] {
  const docs = fs
    .readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

/** `file`, block number, line and language: how a failure names its block. */
export function blockName(block: DocBlock): string {
  return `${block.file}, ${block.language} block ${block.index} (line ${block.line})`;
}
