/**
 * The structural part of the definition check: the definition language's JSON Schema (2020-12,
 * `instrument-definition.schema.json`, published in this package and served by the service) run
 * by ajv, and its errors turned into the engine's problems with their stable codes and paths.
 *
 * The schema carries the codes itself: an `x-problem` annotation beside a keyword names the code
 * its failure reports (`"pattern": …, "x-problem": { "pattern": "INVALID_KEY" }`). Keywords
 * without one report a default code (WRONG_TYPE, MISSING_PROPERTY, UNKNOWN_PROPERTY, TOO_LONG…).
 * `patternErrorMessage` (also read by editors such as VS Code) gives the hint of a pattern.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import type { JsonObject } from './definition';
import { isRecord, own, pathIndex, pathKey } from './json-path';
import type { Problem } from './plugin';
import schemaJson from './instrument-definition.schema.json';

/** The definition language's JSON Schema, as published (`$schema` of version files points at it). */
export const INSTRUMENT_DEFINITION_SCHEMA: JsonObject = schemaJson as unknown as JsonObject;

/** Annotation keywords of the schema: ajv must know them (strict mode) and ignore them. */
export const SCHEMA_ANNOTATIONS = ['x-problem', 'patternErrorMessage'];

type SchemaNode = Record<string, unknown>;
type CodeTable = Record<string, string | Record<string, string>>;

interface Compiled {
  validate: ValidateFunction;
  conditional: Ajv2020;
  /** Schema nodes of `visibleIf` conditions, whose errors are left to the condition check. */
  conditionNodes: Set<unknown>;
}

let compiled: Compiled | undefined;

function validator(): Compiled {
  if (compiled === undefined) {
    // ownProperties: inherited properties are not data; verbose: errors carry their schema node.
    // Strict about unknown keywords and formats; not about a branch requiring a property its
    // parent declares, or sub-schemas that leave the JSON type to their parent (valid JSON Schema).
    const ajv = new Ajv2020({
      allErrors: true,
      ownProperties: true,
      verbose: true,
      strict: true,
      strictRequired: false,
      strictTypes: false,
    });
    ajv.addVocabulary(SCHEMA_ANNOTATIONS);
    // Evaluates the `if` of a type-dependent branch on its own (for the properties it allows).
    const conditional = new Ajv2020({ strict: false, ownProperties: true });
    conditional.addVocabulary(SCHEMA_ANNOTATIONS);
    const defs = INSTRUMENT_DEFINITION_SCHEMA.$defs as JsonObject;
    compiled = {
      validate: ajv.compile(INSTRUMENT_DEFINITION_SCHEMA),
      conditional,
      conditionNodes: schemaNodes([defs.condition, defs.conditionField]),
    };
  }
  return compiled;
}

/**
 * What the JSON Schema says of `input`, as problems. Conditions (`visibleIf`) are left to the
 * condition check, which says more precisely what is wrong with one than a union of shapes can.
 */
export function schemaProblems(input: unknown): Problem[] {
  const { validate, conditional, conditionNodes } = validator();
  if (validate(input)) return [];
  const mapper = new ErrorMapper(input, conditional);
  const errors = validate.errors ?? [];
  // Objects whose `type` (fields, cells) or `kind` (generalisations) is itself wrong: what else
  // they may hold cannot be judged, so their unknown properties are not reported.
  const undecided = new Set(
    errors
      .filter((error) => /\/(type|kind)$/.test(error.instancePath) && error.keyword === 'enum')
      .map((error) => error.instancePath.replace(/\/(type|kind)$/, '')),
  );
  const problems: Problem[] = [];
  for (const error of errors) {
    if (conditionNodes.has(error.parentSchema)) continue;
    const problem = mapper.map(error, undecided);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

/** Every object and array inside the given schema nodes. */
function schemaNodes(roots: unknown[]): Set<unknown> {
  const nodes = new Set<unknown>();
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || nodes.has(node)) continue;
    nodes.add(node);
    stack.push(...Object.values(node));
  }
  return nodes;
}

class ErrorMapper {
  constructor(
    private readonly input: unknown,
    private readonly conditional: Ajv2020,
  ) {}

  map(error: ErrorObject, undecided: Set<string>): Problem | undefined {
    if (['if', 'anyOf', 'oneOf', 'allOf'].includes(error.keyword)) return undefined;
    if (error.schemaPath.includes('/propertyNames/')) return undefined;
    const node = (error.parentSchema ?? {}) as SchemaNode;
    const codes = (node['x-problem'] ?? {}) as CodeTable;
    const { path, value } = this.locate(error.instancePath);
    const name = lastSegment(error.instancePath);
    const coded = (fallback: string): string =>
      typeof codes[error.keyword] === 'string' ? (codes[error.keyword] as string) : fallback;

    switch (error.keyword) {
      case 'required': {
        const missing = String(error.params.missingProperty);
        const table = codes.required;
        const code = (isRecord(table) && table[missing]) || 'MISSING_PROPERTY';
        return problem(pathKey(path, missing), code, missingMessage(code, missing, node));
      }
      case 'unevaluatedProperties':
      case 'additionalProperties': {
        const extra = String(error.params.unevaluatedProperty ?? error.params.additionalProperty);
        if (undecided.has(error.instancePath)) return undefined;
        const allowed = this.declaredProperties(node, value);
        if (allowed.includes(extra)) return undefined; // reported by its own, failing branch
        const table = codes.unevaluatedProperties;
        const code = (isRecord(table) && table[extra]) || 'UNKNOWN_PROPERTY';
        const owner = ownerName(node, value);
        return problem(pathKey(path, extra), code, unknownMessage(code, extra, owner, allowed));
      }
      case 'propertyNames': {
        const key = String(error.params.propertyName);
        const code = coded('INVALID_KEY');
        return problem(pathKey(path, key), code, propertyNameMessage(code, key, name));
      }
      case 'type': {
        const expected = String(error.params.type);
        let code: string;
        if (value === null && typeof codes.null === 'string') code = codes.null;
        else if (expected === 'integer' && typeof value === 'number') code = 'NOT_INTEGER';
        else code = coded('WRONG_TYPE');
        return problem(path, code, typeMessage(code, name, expected, value, node));
      }
      case 'uniqueItems': {
        const index = Number(error.params.i);
        const at = pathIndex(path, index);
        const item = Array.isArray(value) ? value[index] : undefined;
        return problem(at, coded('DUPLICATE_VALUE'), `${JSON.stringify(item)} is listed twice.`);
      }
      default: {
        const code = coded(DEFAULT_CODES[error.keyword] ?? 'INVALID_VALUE');
        return problem(path, code, keywordMessage(code, error, name, value, node));
      }
    }
  }

  /** The problem path of a JSON pointer, and the value there. */
  private locate(pointer: string): { path: string; value: unknown } {
    let path = '';
    let value: unknown = this.input;
    for (const segment of pointerSegments(pointer)) {
      if (Array.isArray(value)) {
        path = pathIndex(path, Number(segment));
        value = value[Number(segment)];
      } else {
        path = pathKey(path, segment);
        value = isRecord(value) ? own(value, segment) : undefined;
      }
    }
    return { path, value };
  }

  /** Properties the schema node declares for this value: its own, and those of matching branches. */
  private declaredProperties(node: SchemaNode, value: unknown): string[] {
    const names = Object.keys((node.properties ?? {}) as SchemaNode);
    for (const part of (node.allOf ?? []) as SchemaNode[]) {
      const then = part.then as SchemaNode | undefined;
      if (part.if === undefined || then === undefined) continue;
      if (!this.conditional.validate(part.if as SchemaNode, value)) continue;
      names.push(...Object.keys((then.properties ?? {}) as SchemaNode));
    }
    return [...new Set(names)];
  }
}

const DEFAULT_CODES: Record<string, string> = {
  minLength: 'EMPTY_VALUE',
  maxLength: 'TOO_LONG',
  minItems: 'EMPTY_VALUE',
  maxItems: 'TOO_MANY',
  minimum: 'INVALID_BOUND',
  exclusiveMinimum: 'INVALID_BOUND',
  maximum: 'INVALID_BOUND',
  exclusiveMaximum: 'INVALID_BOUND',
};

function problem(path: string, code: string, message: string): Problem {
  return { path, code, message };
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function lastSegment(pointer: string): string {
  const segments = pointerSegments(pointer);
  return segments.length === 0 ? 'the definition' : segments[segments.length - 1];
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

function withArticle(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** "a short-text field", "an option", "a matrix cell"… from the schema node's title. */
function ownerName(node: SchemaNode, value: unknown): string {
  const title = typeof node.title === 'string' ? node.title.toLowerCase() : 'this object';
  const type = isRecord(value) ? own(value, 'type') : undefined;
  if (title === 'instrument definition') return 'a definition';
  if (typeof type === 'string' && (title === 'field' || title === 'matrix cell')) {
    return `a ${type} ${title === 'field' ? 'field' : 'cell'}`;
  }
  return withArticle(title);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'an array',
  object: 'a JSON object',
  null: 'null',
};

function enumOf(node: SchemaNode, property: string): string | undefined {
  const schema = (node.properties as SchemaNode | undefined)?.[property] as SchemaNode | undefined;
  const values = schema?.enum;
  return Array.isArray(values) ? values.join(', ') : undefined;
}

const GENERALISATION_KINDS = 'as-is, band, round, postcode-departement, date-month or date-year';

/** Codes whose message does not depend on what failed, only on the property's name. */
const FIXED_MESSAGES: Record<string, (name: string) => string> = {
  NO_FIELDS: () => 'At least one field is needed in "fields".',
  NO_OPTIONS: () => 'A choice needs a non-empty "options" list.',
  NO_ROWS: () => 'A matrix needs at least one row.',
  NO_COLUMNS: () => 'A matrix needs at least one column.',
  MISSING_FRENCH: () => 'A localized text needs a non-empty French text in "fr".',
  MISSING_GENERALISATION: () =>
    `A quasi-identifier needs a "generalisation" (${GENERALISATION_KINDS}).`,
  GENERALISATION_NOT_QUASI: () =>
    'Only quasi fields are generalised; remove "generalisation" or set privacy to "quasi".',
  INVALID_DATE: (name) => `${name} must be a real date written YYYY-MM-DD, e.g. "2024-01-31".`,
  NOT_INTEGER: (name) => `"${name}" must be a whole number.`,
  INVALID_CELL_TYPE: () =>
    'A matrix cell type must be one of short-text, long-text, single-choice, scale.',
  FORBIDDEN_KEY: (name) => `${quote(name)} cannot be used as a key.`,
  INVALID_LANGUAGE: (name) =>
    `${quote(name)} is not a language tag; use codes such as "fr", "en", "pt-BR".`,
};

/** What is wrong with a generalisation, by the property that fails. */
function generalisationMessage(name: string, shown: string, allowed?: string): string {
  if (name === 'kind') {
    return allowed === undefined
      ? `A generalisation needs a "kind": ${GENERALISATION_KINDS}.`
      : `Unknown generalisation kind ${shown}; use one of ${allowed}.`;
  }
  if (name === 'bands') {
    return 'A band generalisation needs a non-empty "bands" list like [{"max": 17, "label": "0-17"}, {"min": 18, "label": "18+"}].';
  }
  return 'A round generalisation needs a positive "step" (e.g. 5 to round down to multiples of 5).';
}

function missingMessage(code: string, missing: string, node: SchemaNode): string {
  const fixed = FIXED_MESSAGES[code];
  if (fixed !== undefined) return fixed(missing);
  if (code === 'INVALID_GENERALISATION') return generalisationMessage(missing, '');
  const values = enumOf(node, missing);
  return `"${missing}" is required${values ? `: one of ${values}` : ''}.`;
}

/** `Owner has no property "x"; did you mean "y"?` (or the allowed properties). */
export function unknownPropertyMessage(owner: string, name: string, allowed: string[]): string {
  const suggestion = closest(name, allowed);
  return (
    `${capitalize(owner)} has no property ${quote(name)}` +
    (suggestion !== undefined
      ? `; did you mean "${suggestion}"?`
      : `; allowed: ${allowed.join(', ')}.`)
  );
}

function unknownMessage(code: string, name: string, owner: string, allowed: string[]): string {
  if (code === 'SCORING_NOT_ALLOWED') {
    return `Scoring is only allowed on single-choice and multiple-choice fields, not on ${owner}.`;
  }
  return unknownPropertyMessage(owner, name, allowed);
}

function propertyNameMessage(code: string, key: string, owner: string): string {
  return FIXED_MESSAGES[code]?.(key) ?? `${quote(key)} is not a valid key of "${owner}".`;
}

function typeMessage(
  code: string,
  name: string,
  expected: string,
  value: unknown,
  node: SchemaNode,
): string {
  const fixed = FIXED_MESSAGES[code];
  if (fixed !== undefined) return fixed(name);
  const got = describeValue(value);
  const wanted = EXPECTED[expected] ?? expected;
  if (code === 'NOT_AN_OBJECT') {
    const noun = typeof node.title === 'string' ? node.title.toLowerCase() : 'value';
    return `${capitalize(withArticle(noun))} must be a JSON object, got ${got}.`;
  }
  if (code === 'INVALID_GENERALISATION') {
    return `"${name}" of a generalisation must be ${wanted}, got ${got}.`;
  }
  return `Expected ${wanted}, got ${got}.`;
}

const ENUM_NOUNS: Record<string, string> = {
  UNKNOWN_TYPE: 'field type',
  UNKNOWN_PRIVACY_CLASS: 'privacy class',
  INVALID_ROLE: 'respondent role',
  INVALID_CELL_TYPE: 'matrix cell type',
};

function keywordMessage(
  code: string,
  error: ErrorObject,
  name: string,
  value: unknown,
  node: SchemaNode,
): string {
  const shown = typeof value === 'string' ? quote(value) : describeValue(value);
  const limit = error.params.limit as number | undefined;
  const allowed = (error.params.allowedValues as unknown[] | undefined)?.join(', ');
  if (ENUM_NOUNS[code] !== undefined) {
    return `Unknown ${ENUM_NOUNS[code]} ${shown}; use one of ${allowed}.`;
  }
  const fixed = FIXED_MESSAGES[code];
  if (fixed !== undefined) return fixed(name);
  switch (code) {
    case 'EMPTY_VALUE':
      return name === 'respondentRoles'
        ? 'respondentRoles is empty, so nobody could answer; omit it to let anyone answer.'
        : `"${name}" cannot be empty.`;
    case 'TOO_LONG':
      return `"${name}" is longer than ${limit} characters.`;
    case 'TOO_MANY':
      return `At most ${limit} items in "${name}".`;
    case 'INVALID_BOUND':
      if (error.keyword === 'exclusiveMinimum') return `"${name}" must be greater than ${limit}.`;
      return limit === 0 ? `"${name}" cannot be negative.` : `"${name}" must be at least ${limit}.`;
    case 'INVALID_GENERALISATION':
      return generalisationMessage(name, shown, allowed);
    case 'INCOMPATIBLE_GENERALISATION':
      return `A ${String(value)} generalisation does not fit this field's type; use ${allowed}.`;
    default: {
      const hint = node.patternErrorMessage;
      if (error.keyword === 'pattern' && typeof hint === 'string') {
        return `${shown} is not a valid ${name}: ${hint}.`;
      }
      return `${shown} is not valid here (${error.message ?? error.keyword}).`;
    }
  }
}

/** The allowed name within edit distance 2 of a typo, to turn `requried` into a hint. */
function closest(name: string, allowed: readonly string[]): string | undefined {
  if (name.length > 40) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) {
      best = { name: candidate, distance };
    }
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
