import { checkDefinition } from '../definition-check';
import type { InstrumentDefinition, JsonObject } from '../definition';
import { isRecord, own } from '../json-path';
import type { InstrumentKindPlugin, Measure, Problem } from '../plugin';

export interface HookRun {
  /** What `checkAnswers` returned: a problem here rejects the submission. */
  answerProblems: Problem[];
  /** What `derive` returned: stored beside the answers (`{}` without the hook). */
  derived: JsonObject;
  /** What `measures` offered to aggregation (`[]` without the hook). */
  measures: Measure[];
  /** The definition as non-admins see it (the definition itself without the hook). */
  publicView: InstrumentDefinition;
  /** Where a hook breaks the contract of the SDK (see `runHooks`). */
  contract: Problem[];
}

const PROBLEM_CODE = /^[A-Z][A-Z0-9_]*$/;
const MEASURE_KEY = /^[a-z][a-zA-Z0-9_.-]*$/;

/**
 * Runs the hooks of `plugin` on one submission, as the service does, and checks their contract:
 * each hook returns the right shape (problems with a path, an upper-case code and a message; a
 * JSON object from `derive`; well-formed measures with unique keys; a public view that is still a
 * valid definition), never throws, never mutates its arguments and gives the same result twice
 * (hooks are pure functions). A `derived` measure must find its path in what `derive` returned.
 *
 * `answers` are what the hook would receive: for `checkAnswers`, answers that passed the common
 * validation; for `derive`, the same answers after anonymisation (identifier fields dropped,
 * quasi-identifiers generalised, free text scrubbed). The service's own answer validation and
 * anonymisation are not run here: submit through the service to see them.
 */
export function runHooks(
  plugin: InstrumentKindPlugin,
  definition: InstrumentDefinition,
  answers: JsonObject,
): HookRun {
  const contract: Problem[] = [];
  const breach = (hook: string, code: string, message: string): void => {
    contract.push({ path: hook, code, message: `${plugin.kind}.${hook}: ${message}` });
  };
  const pure = <T>(hook: string, call: () => T, fallback: T): T => {
    const before = JSON.stringify([definition, answers]);
    let first: T;
    let second: T;
    try {
      first = call();
      second = call();
    } catch (error) {
      breach(hook, 'HOOK_THREW', `threw ${error instanceof Error ? error.message : String(error)}`);
      return fallback;
    }
    if (JSON.stringify([definition, answers]) !== before) {
      breach(hook, 'HOOK_MUTATED_ARGUMENTS', 'changed the definition or the answers it was given');
    }
    if (JSON.stringify(first) !== JSON.stringify(second)) {
      breach(hook, 'HOOK_NOT_DETERMINISTIC', 'gave two different results for the same arguments');
    }
    return first;
  };

  const answerProblems = plugin.checkAnswers
    ? pure('checkAnswers', () => plugin.checkAnswers!(definition, answers), [])
    : [];
  if (!Array.isArray(answerProblems) || !answerProblems.every(isProblem)) {
    breach(
      'checkAnswers',
      'HOOK_RESULT',
      'must return an array of { path, code, message } with an upper-case code',
    );
  }

  let derived: JsonObject = {};
  if (plugin.derive) {
    const result: unknown = pure('derive', () => plugin.derive!(definition, answers), {});
    if (!isRecord(result) || !isJson(result)) {
      breach('derive', 'HOOK_RESULT', 'must return a JSON object (no undefined, function, NaN…)');
    } else {
      derived = result as JsonObject;
    }
  }

  let measures: Measure[] = [];
  if (plugin.measures) {
    const result: unknown = pure('measures', () => plugin.measures!(definition), []);
    if (!Array.isArray(result)) breach('measures', 'HOOK_RESULT', 'must return an array');
    else measures = result as Measure[];
  }
  const seen = new Set<string>();
  for (const measure of measures) {
    const problem = measureProblem(measure, derived, seen);
    if (problem !== undefined) breach('measures', 'MEASURE', problem);
  }

  let publicView = definition;
  if (plugin.publicView) {
    const result: unknown = pure('publicView', () => plugin.publicView!(definition), definition);
    const checked = checkDefinition(result);
    if (checked.definition === undefined) {
      breach(
        'publicView',
        'HOOK_RESULT',
        `must return a valid definition: ${checked.problems.map((p) => `${p.path} ${p.code}`).join(', ')}`,
      );
    } else {
      publicView = result as InstrumentDefinition;
    }
  }

  return {
    answerProblems: Array.isArray(answerProblems) ? answerProblems : [],
    derived,
    measures,
    publicView,
    contract,
  };
}

function isProblem(value: unknown): value is Problem {
  return (
    isRecord(value) &&
    typeof value.path === 'string' &&
    typeof value.code === 'string' &&
    PROBLEM_CODE.test(value.code) &&
    typeof value.message === 'string' &&
    value.message.trim() !== ''
  );
}

/** JSON as stored in `jsonb`: what JSON.stringify keeps as it is. */
function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (isRecord(value) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every(isJson);
  }
  return false;
}

function measureProblem(
  measure: unknown,
  derived: JsonObject,
  seen: Set<string>,
): string | undefined {
  if (!isRecord(measure)) return 'a measure is { key, label, type, source, path }';
  const { key, label, type, source, path } = measure;
  if (typeof key !== 'string' || !MEASURE_KEY.test(key)) {
    return `measure key ${JSON.stringify(key)} must match ${String(MEASURE_KEY)}`;
  }
  if (seen.has(key)) return `measure key "${key}" is offered twice`;
  seen.add(key);
  if (typeof label !== 'string' || label.trim() === '') return `measure "${key}" needs a label`;
  if (type !== 'count' && type !== 'numeric') return `measure "${key}": type is count or numeric`;
  if (source !== 'answers' && source !== 'derived') {
    return `measure "${key}": source is answers or derived`;
  }
  if (typeof path !== 'string' || path === '') return `measure "${key}" needs a dotted path`;
  if (source === 'derived') {
    let value: unknown = derived;
    for (const segment of path.split('.'))
      value = isRecord(value) ? own(value, segment) : undefined;
    if (value === undefined) {
      return `measure "${key}" reads derived.${path}, which derive did not return for these answers`;
    }
    if (type === 'numeric' && typeof value !== 'number') {
      return `measure "${key}" is numeric but derived.${path} is ${JSON.stringify(value)}`;
    }
  }
  return undefined;
}
