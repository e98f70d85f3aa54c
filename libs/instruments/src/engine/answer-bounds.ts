/**
 * The shape of submitted answers, checked before anything walks them: every later step (the
 * request fingerprint, validation, anonymisation) may recurse, and a hostile payload must not
 * reach them. This walk is iterative (an explicit stack), so 200,000 levels of nesting cost a
 * loop, not the call stack.
 *
 * - Nesting deeper than MAX_ANSWER_DEPTH levels, or an array of more than MAX_ANSWER_ITEMS
 *   items: `OUT_OF_RANGE`. Both are far beyond what a definition can describe (a definition
 *   nests fields at most 8 deep, and the validation then holds every array to the field's own
 *   limits: options of a multiple choice, `maxItems` of a repeat).
 * - Text that PostgreSQL cannot store in `jsonb` (a NUL character) or that is not valid Unicode
 *   (a lone UTF-16 surrogate such as `"a\ud800b"`), in a value or in a key: `INVALID_VALUE` at
 *   its path.
 *
 * The first problem found is returned: a payload this wrong gets one clear error, not thousands.
 */
import type { Problem } from '@observatory/instrument-sdk';
import { pathIndex, pathKey } from './shared';

export const MAX_ANSWER_DEPTH = 32;
export const MAX_ANSWER_ITEMS = 10_000;

declare const BOUNDED: unique symbol;

/**
 * Answers whose shape `checkAnswerBounds` found within bounds: the steps after it may recurse into
 * them. Checked once per request, at its entry; a step that changes the shape (moving SurveyJS
 * answers under their groups) checks again what it made.
 */
export type BoundedAnswers = { readonly [BOUNDED]: true };

export type AnswerBounds =
  { problem: Problem; answers?: undefined } | { problem?: undefined; answers: BoundedAnswers };

export function checkAnswerBounds(answers: unknown): AnswerBounds {
  const problem = answerBoundsProblem(answers);
  return problem ? { problem } : { answers: answers as BoundedAnswers };
}

/** Where a value sits; its path is spelled out only for the value a problem is reported at. */
interface Position {
  parent: Position | undefined;
  key: string | number;
}

function pathOf(position: Position | undefined): string {
  const steps: (string | number)[] = [];
  for (let at = position; at; at = at.parent) steps.push(at.key);
  let path = '';
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i];
    path = typeof step === 'number' ? pathIndex(path, step) : pathKey(path, step);
  }
  return path;
}

export function answerBoundsProblem(answers: unknown): Problem | undefined {
  const values: unknown[] = [answers];
  const positions: (Position | undefined)[] = [undefined];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const position = positions.pop();
    const depth = depths.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return { path: pathOf(position), ...problem };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_ANSWER_DEPTH) {
      return {
        path: pathOf(position),
        code: 'OUT_OF_RANGE',
        message: `Answers nest at most ${MAX_ANSWER_DEPTH} levels deep.`,
      };
    }
    if (Array.isArray(value)) {
      if (value.length > MAX_ANSWER_ITEMS) {
        return {
          path: pathOf(position),
          code: 'OUT_OF_RANGE',
          message: `At most ${MAX_ANSWER_ITEMS} items.`,
        };
      }
      for (let index = value.length - 1; index >= 0; index--) {
        values.push(value[index]);
        positions.push({ parent: position, key: index });
        depths.push(depth + 1);
      }
      continue;
    }
    const keys = Object.keys(value);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index];
      const keyProblem = textProblem(key, 'A key');
      if (keyProblem) return { path: pathOf(position), ...keyProblem };
      values.push((value as Record<string, unknown>)[key]);
      positions.push({ parent: position, key });
      depths.push(depth + 1);
    }
  }
  return undefined;
}

/** `String.prototype.isWellFormed` (ES2024, Node ≥ 20): false when a lone surrogate is in it. */
const isWellFormed = (text: string): boolean =>
  (text as string & { isWellFormed(): boolean }).isWellFormed();

function textProblem(text: string, what = 'Text'): Omit<Problem, 'path'> | undefined {
  if (text.includes('\u0000')) {
    return { code: 'INVALID_VALUE', message: `${what} cannot contain the NUL character (U+0000)` };
  }
  if (!isWellFormed(text)) {
    return {
      code: 'INVALID_VALUE',
      message: `${what} is not valid Unicode: it holds a lone surrogate (U+D800 to U+DFFF without its pair)`,
    };
  }
  return undefined;
}
