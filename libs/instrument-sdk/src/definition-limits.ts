/**
 * The limits a JSON Schema cannot state, checked before the schema runs: how deep fields,
 * conditions and settings nest, how long a list of sibling fields is and how many fields there are
 * in all. A definition past them gets these problems only, since validating it further would
 * recurse as deep as the input. The walk is iterative, so hostile nesting cannot overflow the
 * stack.
 *
 * It also finds keys named like members of `Object.prototype` (`__proto__`, `constructor`,
 * `toString`…): ajv's `unevaluatedProperties` takes them for evaluated properties, so the schema
 * alone would let them through. They are refused wherever the definition language names the
 * properties (UNKNOWN_PROPERTY); in settings, `__proto__` is FORBIDDEN_KEY (the schema refuses
 * `constructor` and `prototype` there itself); in localized texts, the language-tag rule applies.
 */
import { isRecord, own, pathIndex, pathKey } from './json-path';
import type { Problem } from './plugin';

export const MAX_FIELD_DEPTH = 8;
export const MAX_CONDITION_DEPTH = 8;
export const MAX_SETTINGS_DEPTH = 16;
export const MAX_TOTAL_FIELDS = 2000;
export const MAX_FIELDS_PER_LIST = 500;

export interface LimitCheck {
  /** Depth and size problems: when there is one, the definition is checked no further. */
  limits: Problem[];
  /** Keys named like `Object.prototype` members: UNKNOWN_PROPERTY, or FORBIDDEN_KEY in settings. */
  prototypeKeys: Problem[];
}

export function checkLimits(input: unknown): LimitCheck {
  const limits: Problem[] = [];
  if (isRecord(input)) {
    fieldLimits(input, limits);
    const settings = own(input, 'settings');
    if (settings !== undefined) settingsLimit(settings, limits);
  }
  return { limits, prototypeKeys: prototypeKeys(input) };
}

function fieldLimits(root: Record<string, unknown>, problems: Problem[]): void {
  let total = 0;
  const lists: { value: unknown; path: string; depth: number }[] = [
    { value: own(root, 'fields'), path: 'fields', depth: 1 },
  ];
  while (lists.length > 0) {
    const { value, path, depth } = lists.shift()!;
    if (!Array.isArray(value)) continue;
    if (value.length > MAX_FIELDS_PER_LIST) {
      problems.push({
        path,
        code: 'TOO_MANY',
        message: `At most ${MAX_FIELDS_PER_LIST} fields per list; split them.`,
      });
      continue;
    }
    if (depth > MAX_FIELD_DEPTH) {
      problems.push({
        path,
        code: 'TOO_DEEP',
        message: `Fields nest deeper than ${MAX_FIELD_DEPTH} levels; flatten the groups and repeats.`,
      });
      continue;
    }
    value.forEach((field, index) => {
      const fieldPath = pathIndex(path, index);
      total += 1;
      if (total === MAX_TOTAL_FIELDS + 1) {
        problems.push({
          path: fieldPath,
          code: 'TOO_MANY',
          message: `A definition holds at most ${MAX_TOTAL_FIELDS} fields.`,
        });
      }
      if (total > MAX_TOTAL_FIELDS || !isRecord(field)) return;
      const condition = own(field, 'visibleIf');
      if (condition !== undefined) {
        conditionLimit(condition, pathKey(fieldPath, 'visibleIf'), problems);
      }
      lists.push({
        value: own(field, 'fields'),
        path: pathKey(fieldPath, 'fields'),
        depth: depth + 1,
      });
    });
  }
}

function conditionLimit(condition: unknown, path: string, problems: Problem[]): void {
  const stack = [{ value: condition, path, depth: 1 }];
  while (stack.length > 0) {
    const { value, path: at, depth } = stack.pop()!;
    if (!isRecord(value)) continue;
    if (depth > MAX_CONDITION_DEPTH) {
      problems.push({
        path: at,
        code: 'TOO_DEEP',
        message: `Conditions nest deeper than ${MAX_CONDITION_DEPTH} levels.`,
      });
      continue;
    }
    const not = own(value, 'not');
    if (not !== undefined) stack.push({ value: not, path: pathKey(at, 'not'), depth: depth + 1 });
    for (const combinator of ['all', 'any']) {
      const parts = own(value, combinator);
      if (!Array.isArray(parts)) continue;
      parts.forEach((part, index) =>
        stack.push({
          value: part,
          path: pathIndex(pathKey(at, combinator), index),
          depth: depth + 1,
        }),
      );
    }
  }
}

function settingsLimit(settings: unknown, problems: Problem[]): void {
  const stack = [{ value: settings, path: 'settings', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_SETTINGS_DEPTH) {
      problems.push({
        path,
        code: 'TOO_DEEP',
        message: `Settings nest deeper than ${MAX_SETTINGS_DEPTH} levels.`,
      });
      continue;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) =>
        stack.push({ value: item, path: pathIndex(path, index), depth: depth + 1 }),
      );
    } else {
      for (const key of Object.keys(value)) {
        stack.push({
          value: own(value as Record<string, unknown>, key),
          path: pathKey(path, key),
          depth: depth + 1,
        });
      }
    }
  }
}

/** Properties holding a localized text, whose keys are language tags (checked by the schema). */
const LOCALIZED = new Set([
  'title',
  'description',
  'label',
  'help',
  'unit',
  'minLabel',
  'maxLabel',
  'itemLabel',
]);

function prototypeKeys(input: unknown): Problem[] {
  const problems: Problem[] = [];
  const stack: { value: unknown; path: string; within: 'definition' | 'settings' | 'text' }[] = [
    { value: input, path: '', within: 'definition' },
  ];
  while (stack.length > 0) {
    const { value, path, within } = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, index) =>
        stack.push({ value: item, path: pathIndex(path, index), within }),
      );
      continue;
    }
    if (!isRecord(value)) continue;
    for (const key of Object.keys(value)) {
      const keyPath = pathKey(path, key);
      const prototypeName = key === '__proto__' || Object.hasOwn(Object.prototype, key);
      if (prototypeName && within === 'definition') {
        problems.push({
          path: keyPath,
          code: 'UNKNOWN_PROPERTY',
          message: `No object of a definition has a property ${JSON.stringify(key)}.`,
        });
        continue;
      }
      if (key === '__proto__' && within === 'settings') {
        problems.push({
          path: keyPath,
          code: 'FORBIDDEN_KEY',
          message: '"__proto__" cannot be used as a key.',
        });
        continue;
      }
      let next = within;
      if (within === 'definition' && path === '' && key === 'settings') next = 'settings';
      else if (within === 'definition' && LOCALIZED.has(key)) next = 'text';
      stack.push({ value: own(value, key), path: keyPath, within: next });
    }
  }
  return problems;
}
