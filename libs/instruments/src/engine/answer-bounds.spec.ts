import fc from 'fast-check';
import type { Problem } from '@observatory/instrument-sdk';
import {
  answerBoundsProblem,
  checkAnswerBounds,
  MAX_ANSWER_DEPTH,
  MAX_ANSWER_ITEMS,
} from './answer-bounds';
import { pathIndex, pathKey } from './shared';

/**
 * The walk as it was before paths were spelled out lazily (issue 17): every value's path built on
 * the way down, a regular expression for lone surrogates. The faster walk must find the same
 * first problem, at the same path, in every case.
 */
function reference(answers: unknown): Problem | undefined {
  const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  const textProblem = (text: string, path: string, what = 'Text'): Problem | undefined => {
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
  };
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

function nested(depth: number, leaf: unknown = 'x'): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { [`k${i}`]: value };
  return value;
}

/** Text now and then broken: a NUL, a lone high or low surrogate, a well-formed pair. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc
    .tuple(fc.string(), fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d\ude00', 'é'))
    .map(([s, c]) => `${s}${c}${s}`),
);

const answers = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('answerBoundsProblem', () => {
  it.each([
    ['a NUL in a text', { a: { b: ['ok', 'x\u0000y'] } }, 'a.b[1]', 'INVALID_VALUE'],
    ['a lone high surrogate', { a: 'x\ud800' }, 'a', 'INVALID_VALUE'],
    ['a lone low surrogate', { a: ['\udc00y'] }, 'a[0]', 'INVALID_VALUE'],
    ['a NUL in a key', { a: { 'k\u0000': 1 } }, 'a', 'INVALID_VALUE'],
    ['a key with a lone surrogate', { 'k\ud800': 1 }, '', 'INVALID_VALUE'],
    ['an odd key on the way', { 'a b': { c: 'x\u0000' } }, '["a b"].c', 'INVALID_VALUE'],
    ['too deep', { deep: nested(MAX_ANSWER_DEPTH) }, null, 'OUT_OF_RANGE'],
    ['too many items', { list: Array(MAX_ANSWER_ITEMS + 1).fill(1) }, 'list', 'OUT_OF_RANGE'],
  ])('refuses %s at its path', (_, value, path, code) => {
    const problem = answerBoundsProblem(value);
    expect(problem?.code).toBe(code);
    if (path !== null) expect(problem?.path).toBe(path);
    expect(problem).toEqual(reference(value));
  });

  it('accepts answers within bounds, well-formed pairs and empty containers included', () => {
    const value = {
      a: ['\ud83d\ude00 émoji', { b: [] }, {}],
      deep: nested(MAX_ANSWER_DEPTH - 2),
      list: Array(MAX_ANSWER_ITEMS).fill('x'),
    };
    expect(answerBoundsProblem(value)).toBeUndefined();
    expect(checkAnswerBounds(value)).toEqual({ answers: value });
  });

  it('walks 200,000 levels of nesting without recursion', () => {
    expect(answerBoundsProblem(nested(200_000))?.code).toBe('OUT_OF_RANGE');
  });

  it('finds the same first problem, at the same path, as the walk it replaced', () => {
    fc.assert(
      fc.property(answers, (value) => {
        expect(answerBoundsProblem(value)).toEqual(reference(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the problem, or the answers themselves, from checkAnswerBounds', () => {
    fc.assert(
      fc.property(answers, (value) => {
        const bounds = checkAnswerBounds(value);
        const problem = reference(value);
        if (problem) expect(bounds).toEqual({ problem });
        else expect(bounds.answers).toBe(value);
      }),
    );
  });
});
