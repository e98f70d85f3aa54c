/**
 * SurveyJS data (`survey.data` of a form made by `toSurveyJs`) to the answer shape, and the
 * SurveyJS question behind an answer path. The one place where the two shapes meet.
 *
 * The answer shape nests a group's answers under its key; SurveyJS keeps them flat in the object
 * of their value scope (the survey or one dynamic-panel item), under the names of
 * `survey-js-names.ts`. Both shapes are accepted, and may even be mixed: in each value scope, a key
 * that is the SurveyJS name of a field inside a group (never also the key of a field of the scope,
 * by the naming rule) is moved under its groups; every other key is kept where it is, for the
 * validation to judge (`UNKNOWN_FIELD` when the definition does not know it). Repeats are arrays
 * of items and matrices `{ row: { column: value } }` in both shapes. The input is never mutated.
 *
 * A field answered in both shapes at once is refused (`DUPLICATE_ANSWER`) rather than one of the
 * two answers silently dropped.
 *
 * A repeat whose items hold no answer at all (`[{}]`) is unanswered and dropped: SurveyJS creates a
 * dynamic panel's `minPanelCount` items up front and keeps them when the panel is hidden, and an
 * item with nothing in it describes no one (it would otherwise be stored, and exported, as a block).
 */
import type { Field, InstrumentDefinition, Problem } from '@observatory/instrument-sdk';
import { isAbsent, isRecord, own, pathIndex, pathKey } from './shared';
import { surveyJsNames, valueScope, type ScopedField } from './survey-js-names';

/** A problem with the answers, with the SurveyJS question it belongs to when there is one. */
export interface AnswerProblem extends Problem {
  /**
   * The SurveyJS question (or panel): its name, prefixed for questions inside a dynamic panel by
   * the panel question's name and the item index, e.g. `beneficiaries[1].profile`.
   */
  question?: string;
}

export interface ShapedAnswers {
  /** The answers in the answer shape: new objects where needed, holding the input's values. */
  answers: unknown;
  /** `DUPLICATE_ANSWER` problems; empty when the data could be shaped. */
  problems: Problem[];
  /**
   * True when a SurveyJS answer was moved under its groups, so sits deeper than it was sent.
   * Otherwise every value is where it was sent, or dropped (empty repeat items): bounds checked
   * on the input hold for the result.
   */
  moved: boolean;
}

interface Shaping {
  problems: Problem[];
  moved: boolean;
}

export function toAnswerShape(definition: InstrumentDefinition, data: unknown): ShapedAnswers {
  const shaping: Shaping = { problems: [], moved: false };
  if (!isRecord(data)) return { answers: data, ...shaping };
  const answers = shapeScope(definition.fields, data, '', shaping);
  return { answers, ...shaping };
}

/**
 * The SurveyJS names of a value scope's fields nested in groups, by name. Kept per fields array:
 * published definitions are immutable and held in memory, so a submit does not work the names
 * out again for the root and each repeat item.
 */
const FLATTENED = new WeakMap<readonly Field[], Map<string, ScopedField>>();

function flattenedNames(fields: readonly Field[]): Map<string, ScopedField> {
  let flattened = FLATTENED.get(fields);
  if (!flattened) {
    flattened = new Map();
    for (const entry of valueScope(fields)) {
      if (entry.keys.length > 1) flattened.set(entry.name, entry);
    }
    FLATTENED.set(fields, flattened);
  }
  return flattened;
}

/** One value scope: flattened names moved under their groups, then repeat items shaped. */
function shapeScope(
  fields: readonly Field[],
  data: Record<string, unknown>,
  path: string,
  shaping: Shaping,
): Record<string, unknown> {
  const flattened = flattenedNames(fields);
  const result: Record<string, unknown> = {};
  const ours = new Set<Record<string, unknown>>([result]);
  for (const key of Object.keys(data)) {
    if (!flattened.has(key)) setOwn(result, key, data[key]);
  }
  for (const key of Object.keys(data)) {
    const entry = flattened.get(key);
    const value = data[key];
    if (entry === undefined || isAbsent(value) || isEmptyRepeat(entry.field, value)) continue;
    place(result, entry, value, path, ours, shaping);
  }
  return shapeRepeats(fields, result, path, shaping);
}

/** Puts a flattened value under its groups, copying (never mutating) the objects on the way. */
function place(
  root: Record<string, unknown>,
  entry: ScopedField,
  value: unknown,
  path: string,
  ours: Set<Record<string, unknown>>,
  shaping: Shaping,
): void {
  let target = root;
  for (const key of entry.keys.slice(0, -1)) {
    const existing = own(target, key);
    let next: Record<string, unknown>;
    if (isAbsent(existing)) {
      next = {};
    } else if (isRecord(existing)) {
      next = ours.has(existing) ? existing : { ...existing };
    } else {
      // The group holds something that is not an object: validation reports it (TYPE).
      return;
    }
    ours.add(next);
    setOwn(target, key, next);
    target = next;
  }
  const last = entry.keys[entry.keys.length - 1];
  if (!isAbsent(own(target, last))) {
    shaping.problems.push({
      path: entry.keys.reduce(pathKey, path),
      code: 'DUPLICATE_ANSWER',
      message: `Answered twice: inside its group and as the SurveyJS question "${entry.name}"; send one of the two.`,
    });
    return;
  }
  setOwn(target, last, value);
  shaping.moved = true;
}

/** Shapes every repeat item reached through groups; objects are copied only where items change. */
function shapeRepeats(
  fields: readonly Field[],
  object: Record<string, unknown>,
  path: string,
  shaping: Shaping,
): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const field of fields) {
    const value = own(object, field.key);
    const fieldPath = pathKey(path, field.key);
    let shaped = value;
    if (isEmptyRepeat(field, value)) {
      copy ??= { ...object };
      delete copy[field.key];
      continue;
    }
    if (field.type === 'group' && isRecord(value)) {
      shaped = shapeRepeats(field.fields, value, fieldPath, shaping);
    } else if (field.type === 'repeat' && Array.isArray(value)) {
      shaped = value.map((item: unknown, index) =>
        isRecord(item)
          ? shapeScope(field.fields, item, pathIndex(fieldPath, index), shaping)
          : item,
      );
    }
    if (shaped !== value) {
      copy ??= { ...object };
      setOwn(copy, field.key, shaped);
    }
  }
  return copy ?? object;
}

/** A repeat answered with items that hold nothing (SurveyJS's placeholder panels). */
function isEmptyRepeat(field: Field, value: unknown): boolean {
  return (
    field.type === 'repeat' && Array.isArray(value) && value.length > 0 && value.every(holdsNothing)
  );
}

/** No answer anywhere inside: absent, '', or arrays and objects of such. */
function holdsNothing(value: unknown): boolean {
  if (isAbsent(value) || value === '') return true;
  if (Array.isArray(value)) return value.every(holdsNothing);
  if (isRecord(value)) return Object.values(value).every(holdsNothing);
  return false;
}

/** Sets an own property, `__proto__` included (plain assignment would change the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

const PATH_TOKEN = /^(?:\.?([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\])/;

/**
 * The SurveyJS question (or panel) an answer path belongs to: the deepest field on the path, named
 * as in the form; a matrix cell or a selected option belongs to its matrix or choice question.
 * `undefined` when the path names no field (an unknown key at the root, a context input).
 */
export function surveyJsQuestionOf(
  definition: InstrumentDefinition,
  path: string,
): string | undefined {
  const names = surveyJsNames(definition.fields);
  let level: readonly Field[] = definition.fields;
  let prefix = '';
  let question: string | undefined;
  let rest = path;
  while (rest !== '') {
    const token = PATH_TOKEN.exec(rest);
    if (token === null || token[1] === undefined) return question;
    rest = rest.slice(token[0].length);
    const field = level.find((candidate) => candidate.key === token[1]);
    if (field === undefined) return question;
    question = `${prefix}${names.get(field) ?? field.key}`;
    if (field.type === 'group') {
      level = field.fields;
    } else if (field.type === 'repeat') {
      const index = PATH_TOKEN.exec(rest);
      if (index === null || index[2] === undefined) return question;
      rest = rest.slice(index[0].length);
      prefix = `${question}[${index[2]}].`;
      level = field.fields;
    } else {
      return question;
    }
  }
  return question;
}

/** Problems with the SurveyJS question of each path, where it has one. */
export function withSurveyJsQuestions(
  definition: InstrumentDefinition,
  problems: readonly Problem[],
): AnswerProblem[] {
  return problems.map((problem) => {
    const question = surveyJsQuestionOf(definition, problem.path);
    return question === undefined ? { ...problem } : { ...problem, question };
  });
}
