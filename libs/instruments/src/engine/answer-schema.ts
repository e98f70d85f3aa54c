/**
 * JSON Schema (2020-12) for the answers of a definition: it accepts what `validateAnswers` accepts
 * in COMPLETE mode, as far as JSON Schema can say it. Clients can use it to validate offline.
 *
 * Expressed: types, `additionalProperties: false` at every level, enums of option values,
 * numeric bounds, text `maxLength` (code points, as validateAnswers counts), selection and item
 * counts (`[]` stays allowed on optional fields, as "unanswered"), `uniqueItems` for selections,
 * real calendar dates (by a regular expression), postcodes that can be coarsened to a département
 * (`postcode-departement`), `null` as absent, `''`/`[]` as unanswered, required
 * fields and matrix cells, and `visibleIf` when every field it names is a sibling (possibly reached
 * through groups by a dotted path): `if` the condition `then` the field's schema (with `required`)
 * `else` the field must be absent or null.
 *
 * NOT expressed (the schema is then looser than validateAnswers, never stricter):
 * - date bounds (`min`/`max` on date fields): JSON Schema cannot compare strings;
 * - `visibleIf` naming a field of an enclosing scope (e.g. a repeat item field depending on a root
 *   field): a subschema cannot look at its parent. Such fields are accepted whether visible or not,
 *   never required, and a group carrying such a condition may be absent.
 *
 * Validate with ajv's 2020 build and `allowUnionTypes: true` (types such as `["string", "null"]`).
 */
import type {
  ChoiceOption,
  Condition,
  Field,
  InstrumentDefinition,
  JsonObject,
  JsonValue,
  MatrixField,
} from '@observatory/instrument-sdk';
import { evaluateCondition, resolveConditionField } from './condition';
import { POSTCODE_PATTERN } from './postcode-pattern';
import { DEFAULT_MAX_TEXT_LENGTH, ISO_DATE_PATTERN } from './shared';

export const JSON_SCHEMA_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

export function toAnswerSchema(definition: InstrumentDefinition): JsonObject {
  return {
    $schema: JSON_SCHEMA_2020_12,
    title: `${definition.key}@${definition.version}`,
    ...objectSchema(definition.fields, []),
  };
}

/** Shape of a condition check in JSON Schema; `undefined` when it cannot be expressed. */
type Compiled = JsonObject | boolean;

/**
 * The values `isAnswered` calls unanswered: null, '' and []. Spelled with types rather than
 * `enum: [null, '', []]`, since deep equality on arrays is fragile (ajv compares constructors,
 * which differ for arrays made in another realm, e.g. by `structuredClone` under Jest).
 */
const UNANSWERED: JsonObject = {
  anyOf: [{ type: 'null' }, { const: '' }, { type: 'array', maxItems: 0 }],
};

function objectSchema(fields: readonly Field[], outer: readonly (readonly Field[])[]): JsonObject {
  const scopes = [...outer, fields];
  const properties: JsonObject = {};
  const required: string[] = [];
  const conditionals: JsonValue[] = [];
  for (const field of fields) {
    const condition =
      field.visibleIf === undefined ? undefined : compileCondition(field.visibleIf, scopes);
    if (field.visibleIf === undefined) {
      properties[field.key] = fieldSchema(field, scopes);
      if (mustBePresent(field)) required.push(field.key);
    } else if (condition === undefined) {
      // Unexpressible condition: accept the field whether visible or not, never require it.
      properties[field.key] = nullable(valueSchema(field, scopes, false));
    } else {
      properties[field.key] = true;
      const visible: JsonObject = { properties: { [field.key]: fieldSchema(field, scopes) } };
      if (mustBePresent(field)) visible.required = [field.key];
      conditionals.push({
        if: condition,
        then: visible,
        else: { properties: { [field.key]: { type: 'null' } } },
      });
    }
  }
  const schema: JsonObject = { type: 'object', properties, additionalProperties: false };
  if (required.length > 0) schema.required = required;
  if (conditionals.length > 0) schema.allOf = conditionals;
  return schema;
}

/**
 * Whether a visible field must be given (not absent, null, '' or []). A group must be when it is
 * required or when validating it as `{}` (what an absent group is read as) would fail.
 */
function mustBePresent(field: Field): boolean {
  if (field.required === true) return true;
  if (field.type !== 'group') return false;
  return !emptyGroupAccepted(field.fields);
}

function emptyGroupAccepted(fields: readonly Field[]): boolean {
  return fields.every((child) => {
    if (child.visibleIf !== undefined) {
      // Only sibling conditions are expressible; evaluate them on an empty object, as validation does.
      if (compileCondition(child.visibleIf, [fields]) === undefined) return true;
      if (!evaluateCondition(child.visibleIf, [{ fields, values: {} }])) return true;
    }
    return !mustBePresent(child);
  });
}

/** The schema of a visible field's property. */
function fieldSchema(field: Field, scopes: readonly (readonly Field[])[]): JsonValue {
  const present = mustBePresent(field);
  const schema = valueSchema(field, scopes, present);
  return present ? schema : nullable(schema);
}

/** Adds `null` (absent) to a schema. */
function nullable(schema: JsonObject): JsonObject {
  const type = schema.type;
  if (typeof type === 'string') return { ...schema, type: [type, 'null'] };
  if (Array.isArray(schema.enum)) return { ...schema, enum: [...schema.enum, null] };
  return { anyOf: [{ type: 'null' }, schema] };
}

function optionValues(options: readonly ChoiceOption[]): string[] {
  return options.map((option) => option.value);
}

/** The schema of a given (non-null) answer; `present` says whether '' / [] are refused. */
function valueSchema(
  field: Field,
  scopes: readonly (readonly Field[])[],
  present: boolean,
): JsonObject {
  switch (field.type) {
    case 'short-text':
    case 'long-text': {
      const schema = textSchema(field.maxLength, present);
      // What anonymisation can coarsen; '' stays allowed as "unanswered" on optional fields.
      if (field.generalisation?.kind === 'postcode-departement') {
        schema.pattern = present ? POSTCODE_PATTERN : `^$|${POSTCODE_PATTERN}`;
      }
      return schema;
    }
    case 'single-choice':
      return choiceSchema(field.options, present);
    case 'multiple-choice':
      return countedArray(
        { items: { enum: optionValues(field.options) }, uniqueItems: true },
        field.minSelected,
        field.maxSelected,
        present,
      );
    case 'integer':
    case 'number':
      return bounded({ type: field.type }, field.min, field.max);
    case 'duration':
      return bounded({ type: 'integer' }, Math.max(0, field.min ?? 0), field.max);
    case 'scale':
      return bounded({ type: 'integer' }, field.min, field.max);
    case 'date':
      // The empty alternative lets '' through as "unanswered" on optional dates.
      return { type: 'string', pattern: present ? ISO_DATE_PATTERN : `^$|${ISO_DATE_PATTERN}` };
    case 'boolean':
      return { type: 'boolean' };
    case 'group':
      return objectSchema(field.fields, scopes);
    case 'repeat':
      return countedArray(
        { items: objectSchema(field.fields, scopes) },
        field.minItems,
        field.maxItems,
        present,
      );
    case 'matrix':
      return matrixSchema(field);
  }
}

function textSchema(maxLength: number | undefined, present: boolean): JsonObject {
  const schema: JsonObject = { type: 'string', maxLength: maxLength ?? DEFAULT_MAX_TEXT_LENGTH };
  if (present) schema.minLength = 1;
  return schema;
}

function choiceSchema(options: readonly ChoiceOption[], present: boolean): JsonObject {
  return { enum: present ? optionValues(options) : [...optionValues(options), ''] };
}

function bounded(schema: JsonObject, min?: number, max?: number): JsonObject {
  const result = { ...schema };
  if (min !== undefined) result.minimum = min;
  if (max !== undefined) result.maximum = max;
  return result;
}

/** An array whose minimum count applies only once it is non-empty, unless it must be given. */
function countedArray(
  schema: JsonObject,
  min: number | undefined,
  max: number | undefined,
  present: boolean,
): JsonObject {
  const result: JsonObject = { type: 'array', ...schema };
  if (max !== undefined) result.maxItems = max;
  if (present) {
    result.minItems = Math.max(1, min ?? 0);
  } else if (min !== undefined && min > 1) {
    result.anyOf = [{ maxItems: 0 }, { minItems: min }];
  }
  return result;
}

function matrixSchema(field: MatrixField): JsonObject {
  const required = field.required === true;
  const cell = cellSchema(field.cell, required);
  const columns: JsonObject = {};
  for (const column of field.columns) columns[column.key] = required ? cell : nullable(cell);
  const row: JsonObject = { type: 'object', properties: columns, additionalProperties: false };
  if (required) row.required = field.columns.map((column) => column.key);
  const rows: JsonObject = {};
  for (const item of field.rows) rows[item.key] = required ? row : nullable(row);
  const schema: JsonObject = { type: 'object', properties: rows, additionalProperties: false };
  if (required) schema.required = field.rows.map((item) => item.key);
  return schema;
}

function cellSchema(cell: MatrixField['cell'], present: boolean): JsonObject {
  switch (cell.type) {
    case 'short-text':
    case 'long-text':
      return textSchema(cell.maxLength, present);
    case 'single-choice':
      return choiceSchema(cell.options, present);
    case 'scale':
      return bounded({ type: 'integer' }, cell.min, cell.max);
  }
}

/**
 * Compiles a condition to a schema applied to the object of the field's own scope (the last of
 * `scopes`), or `undefined` when it names a field outside that scope.
 */
export function compileCondition(
  condition: Condition,
  scopes: readonly (readonly Field[])[],
): Compiled | undefined {
  if ('all' in condition || 'any' in condition) {
    const parts = 'all' in condition ? condition.all : condition.any;
    const compiled: JsonValue[] = [];
    for (const part of parts) {
      const schema = compileCondition(part, scopes);
      if (schema === undefined) return undefined;
      compiled.push(schema);
    }
    return 'all' in condition ? { allOf: compiled } : { anyOf: compiled };
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, scopes);
    return inner === undefined ? undefined : { not: inner };
  }
  const resolution = resolveConditionField(scopes, condition.field);
  if (!resolution.ok || resolution.level !== scopes.length - 1) return undefined;
  let test: JsonObject;
  let absentMatches: boolean;
  if ('equals' in condition) {
    test = { const: condition.equals };
    absentMatches = condition.equals === null;
  } else if ('notEquals' in condition) {
    test = { not: { const: condition.notEquals } };
    absentMatches = condition.notEquals !== null;
  } else if ('in' in condition) {
    test = { enum: condition.in };
    absentMatches = condition.in.includes(null);
  } else if ('includes' in condition) {
    test = { type: 'array', contains: { const: condition.includes } };
    absentMatches = false;
  } else {
    test = condition.answered ? { not: UNANSWERED } : UNANSWERED;
    absentMatches = !condition.answered;
  }
  return pathTest(
    resolution.chain.map((field) => field.key),
    test,
    absentMatches,
  );
}

/**
 * Applies `test` to the value at `keys` (a dotted path through groups). An absent value, or a
 * missing/non-object group on the way, reads as null: it matches exactly when `absentMatches`.
 */
function pathTest(keys: readonly string[], test: JsonObject, absentMatches: boolean): JsonObject {
  const [key, ...rest] = keys;
  const inner = rest.length === 0 ? test : pathTest(rest, test, absentMatches);
  if (absentMatches) return { properties: { [key]: inner } };
  const child = rest.length === 0 ? inner : { type: 'object', ...inner };
  return { properties: { [key]: child }, required: [key] };
}
