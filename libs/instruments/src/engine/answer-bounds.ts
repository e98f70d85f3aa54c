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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function answerBoundsProblem(answers: unknown): Problem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value: answers, path: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value, path);
      if (problem) return problem;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_ANSWER_DEPTH) {
      return {
        path,
        code: 'OUT_OF_RANGE',
        message: `Answers nest at most ${MAX_ANSWER_DEPTH} levels deep.`,
      };
    }
    if (Array.isArray(value)) {
      if (value.length > MAX_ANSWER_ITEMS) {
        return { path, code: 'OUT_OF_RANGE', message: `At most ${MAX_ANSWER_ITEMS} items.` };
      }
      for (let index = value.length - 1; index >= 0; index--) {
        stack.push({ value: value[index], path: pathIndex(path, index), depth: depth + 1 });
      }
      continue;
    }
    const keys = Object.keys(value);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index];
      const keyProblem = textProblem(key, path, 'A key');
      if (keyProblem) return keyProblem;
      stack.push({
        value: (value as Record<string, unknown>)[key],
        path: pathKey(path, key),
        depth: depth + 1,
      });
    }
  }
  return undefined;
}

function textProblem(text: string, path: string, what = 'Text'): Problem | undefined {
  if (text.includes('\u0000')) {
    return {
      path,
      code: 'INVALID_VALUE',
      message: `${what} cannot contain the NUL character (U+0000)`,
    };
  }
  if (LONE_SURROGATE.test(text)) {
    return {
      path,
      code: 'INVALID_VALUE',
      message: `${what} is not valid Unicode: it holds a lone surrogate (U+D800 to U+DFFF without its pair)`,
    };
  }
  return undefined;
}
