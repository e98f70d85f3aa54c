/**
 * The common definition check: every problem of an untrusted definition (admin input to
 * `publishInstrumentVersion`, a version file), reported at once so an author can fix them all in
 * one round, each with a stable code and the path of the value at fault.
 *
 * 1. Limits (definition-limits.ts): nesting depth and sizes, before anything recurses.
 * 2. Structure (definition-schema.ts): the JSON Schema of the definition language, run by ajv.
 * 3. Rules (definition-rules.ts) and conditions (condition-check.ts): what a schema cannot say.
 *
 * One problem per path is kept (the most basic: a value of the wrong type before a pattern it
 * does not match), problems are sorted by path, and at most MAX_PROBLEMS are returned.
 *
 * Problem codes (stable, a client may act on them):
 *   NOT_AN_OBJECT            a definition, field, option, row, column, cell, label… is not a JSON object
 *   MISSING_PROPERTY         a required property is absent
 *   EMPTY_VALUE              a required string or list is empty
 *   WRONG_TYPE               a property has the wrong JSON type (null included)
 *   NOT_INTEGER              a bound that must be a whole number is not
 *   UNKNOWN_PROPERTY         a property this object does not have (typo guard: `requried`)
 *   TOO_LONG                 a string is longer than its cap
 *   TOO_MANY                 a list is longer than its cap, or the definition has too many fields
 *   TOO_DEEP                 fields, conditions or settings nest too deeply
 *   INVALID_INSTRUMENT_KEY   the instrument key is not lower-case kebab/snake case
 *   INVALID_KIND             the kind is not lower-case kebab/snake case
 *   INVALID_VERSION          the version is not a plain semver `x.y.z`
 *   MISSING_FRENCH           a localized text has no non-empty `fr`
 *   INVALID_LANGUAGE         a localized text has a key that is not a language tag
 *   NO_FIELDS                the definition, a group or a repeat has no fields
 *   UNKNOWN_TYPE             a field type outside the definition language
 *   INVALID_KEY              a field/row/column key does not match ^[a-z][a-zA-Z0-9_]*$
 *   DUPLICATE_KEY            two siblings (fields, rows or columns) share a key
 *   UNKNOWN_PRIVACY_CLASS    privacy is not none/quasi/free-text/identifier
 *   MISSING_GENERALISATION   a quasi field has no generalisation
 *   GENERALISATION_NOT_QUASI a generalisation on a field that is not quasi
 *   INVALID_GENERALISATION   a generalisation is malformed (unknown kind, bad bands, bad step)
 *   INCOMPATIBLE_GENERALISATION the generalisation does not fit the field type
 *   IDENTIFIER_IN_ANONYMOUS  an identifier field in an anonymous instrument
 *   NO_OPTIONS               a choice (or choice cell) without options
 *   DUPLICATE_OPTION         two options share a value
 *   INVALID_BOUND            a bound outside its allowed values (negative, zero, scale too wide)
 *   INVALID_DATE             a date bound is not a real `YYYY-MM-DD` date
 *   MIN_GREATER_THAN_MAX     min > max, minSelected > maxSelected, minItems > maxItems
 *   SELECTION_OUT_OF_RANGE   minSelected/maxSelected exceed the number of options
 *   NO_ROWS                  a matrix without rows
 *   NO_COLUMNS               a matrix without columns
 *   INVALID_CELL_TYPE        a matrix cell type other than short-text/long-text/single-choice/scale
 *   INVALID_CONDITION        a malformed visibleIf
 *   UNKNOWN_CONDITION_FIELD  a visibleIf names no reachable field
 *   SELF_CONDITION           a visibleIf refers to its own field, a field inside it or a container of it
 *   CONDITION_CYCLE          fields whose visibleIf refer to each other in a loop
 *   CONDITION_TYPE_MISMATCH  the operator or value cannot match the referenced field's answers
 *   UNKNOWN_CONDITION_OPTION a visibleIf compares a choice with a value that is not an option
 *   INVALID_ROLE             a respondent role other than MEDIATOR/PROFESSIONAL
 *   DUPLICATE_ROLE           a respondent role listed twice
 *   SCORING_NOT_ALLOWED      scoring on a field that is not a choice
 *   SCORING_UNKNOWN_OPTION   a correct answer that is not an option of the field
 *   FORBIDDEN_KEY            `__proto__`, `constructor` or `prototype` as a key in settings
 */
import { checkConditions } from './condition-check';
import type { InstrumentDefinition } from './definition';
import { checkLimits } from './definition-limits';
import { checkRules } from './definition-rules';
import { schemaProblems } from './definition-schema';
import { isRecord, sortProblems } from './json-path';
import type { Problem } from './plugin';

export {
  MAX_CONDITION_DEPTH,
  MAX_FIELD_DEPTH,
  MAX_FIELDS_PER_LIST,
  MAX_SETTINGS_DEPTH,
  MAX_TOTAL_FIELDS,
} from './definition-limits';

/** More problems than this are not listed: the first ones are enough to start fixing. */
export const MAX_PROBLEMS = 200;

export interface DefinitionCheckResult {
  /**
   * The definition, only when there is no problem: the input itself, or a copy without its
   * `$schema` key (an editor hint, never stored and never part of the checksum).
   */
  definition?: InstrumentDefinition;
  problems: Problem[];
}

/** What is reported first when one value has several problems: the most basic. */
const BASIC_FIRST = [
  'NOT_AN_OBJECT',
  'WRONG_TYPE',
  'NOT_INTEGER',
  'MISSING_PROPERTY',
  'NO_FIELDS',
  'NO_OPTIONS',
  'NO_ROWS',
  'NO_COLUMNS',
  'EMPTY_VALUE',
  'MISSING_FRENCH',
  'TOO_LONG',
  'TOO_MANY',
];
/** Reported only when nothing else is wrong with the value. */
const LAST = ['INCOMPATIBLE_GENERALISATION'];

export function checkDefinition(input: unknown): DefinitionCheckResult {
  const { limits, prototypeKeys } = checkLimits(input);
  if (limits.length > 0) return { problems: finish([...limits, ...prototypeKeys]) };
  const problems = [...prototypeKeys, ...schemaProblems(input)];
  if (isRecord(input)) {
    const { problems: ruleProblems, nodes } = checkRules(input);
    problems.push(...ruleProblems, ...checkConditions(nodes));
  }
  if (problems.length > 0) return { problems: finish(problems) };
  return { definition: withoutSchemaKey(input as InstrumentDefinition), problems: [] };
}

function withoutSchemaKey(definition: InstrumentDefinition): InstrumentDefinition {
  if (!Object.hasOwn(definition, '$schema')) return definition;
  const { $schema: _editorHint, ...rest } = definition as InstrumentDefinition & {
    $schema?: string;
  };
  return rest;
}

function rank(code: string): number {
  const basic = BASIC_FIRST.indexOf(code);
  if (basic !== -1) return basic;
  return LAST.includes(code) ? BASIC_FIRST.length + 1 : BASIC_FIRST.length;
}

/** One problem per path (the most basic), sorted by path, capped. */
function finish(problems: Problem[]): Problem[] {
  const byPath = new Map<string, Problem>();
  for (const problem of problems) {
    const kept = byPath.get(problem.path);
    if (kept === undefined || rank(problem.code) < rank(kept.code))
      byPath.set(problem.path, problem);
  }
  return sortProblems([...byPath.values()]).slice(0, MAX_PROBLEMS);
}
