/**
 * The published JSON Schema and the definition check agree: whatever the schema refuses, the
 * check refuses; whatever the check refuses in a definition the schema accepts is one of the rules
 * a schema cannot state (uniqueness, order of bounds, references of conditions, anonymity, depth).
 * The schema is run here by a plain ajv, as an editor or another tool would run it.
 */
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { checkDefinition } from './definition-check';
import type { Field, InstrumentDefinition, JsonValue } from './definition';
import { INSTRUMENT_DEFINITION_SCHEMA } from './definition-schema';
import schemaFile from './instrument-definition.schema.json';

const plainAjv = new Ajv2020({ strict: false });
const schemaAccepts = plainAjv.compile(schemaFile);

/** Codes of the rules a JSON Schema cannot state (the check's own, after the schema). */
const BEYOND_SCHEMA = new Set([
  'DUPLICATE_KEY',
  'DUPLICATE_OPTION',
  'MIN_GREATER_THAN_MAX',
  'SELECTION_OUT_OF_RANGE',
  'SCORING_UNKNOWN_OPTION',
  'IDENTIFIER_IN_ANONYMOUS',
  'UNKNOWN_CONDITION_FIELD',
  'SELF_CONDITION',
  'CONDITION_CYCLE',
  'CONDITION_TYPE_MISMATCH',
  'UNKNOWN_CONDITION_OPTION',
  'TOO_DEEP',
  'TOO_MANY',
]);
/** Codes shared with the schema, which the check also reports for rules beyond it. */
const beyondSchema = (path: string, code: string): boolean =>
  BEYOND_SCHEMA.has(code) ||
  (code === 'INVALID_GENERALISATION' && /\.bands\[\d+\]$/.test(path)) || // overlapping bands
  (code === 'INVALID_BOUND' && /\.max$/.test(path)); // a scale wider than 100 steps

// ── generated definitions ────────────────────────────────────────────────────────────────────

const text = fc.constantFrom('Âge', 'Commune', 'Thème', 'Durée', 'Notes', 'Oui');
const label = fc.record({ fr: text }, { requiredKeys: ['fr'] });
const optionValues = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'autre'), {
  minLength: 1,
  maxLength: 4,
});
const options = optionValues.map((values) =>
  values.map((value) => ({ value, label: { fr: value.toUpperCase() } })),
);

const leafField: fc.Arbitrary<Omit<Field, 'key'>> = fc.oneof(
  fc.record({
    type: fc.constantFrom('short-text' as const, 'long-text' as const),
    label,
    privacy: fc.constantFrom('none' as const, 'free-text' as const),
    maxLength: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
    required: fc.option(fc.boolean(), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('short-text' as const),
    label,
    privacy: fc.constant('quasi' as const),
    generalisation: fc.constant({ kind: 'postcode-departement' as const }),
  }),
  fc.record({
    type: fc.constantFrom('single-choice' as const, 'multiple-choice' as const),
    label,
    privacy: fc.constantFrom('none' as const, 'identifier' as const),
    options,
  }),
  fc.record({
    type: fc.constant('integer' as const),
    label,
    privacy: fc.constant('quasi' as const),
    min: fc.constant(0),
    max: fc.integer({ min: 1, max: 120 }),
    generalisation: fc.constantFrom(
      { kind: 'round' as const, step: 5 },
      {
        kind: 'band' as const,
        bands: [
          { max: 25, label: 'jeune' },
          { min: 26, label: 'adulte' },
        ],
      },
      { kind: 'as-is' as const },
    ),
  }),
  fc.record({
    type: fc.constantFrom('number' as const, 'duration' as const),
    label,
    privacy: fc.constant('none' as const),
    min: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
    max: fc.option(fc.integer({ min: 10, max: 1440 }), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('date' as const),
    label,
    privacy: fc.constant('quasi' as const),
    generalisation: fc.constantFrom(
      { kind: 'date-month' as const },
      { kind: 'date-year' as const },
    ),
    min: fc.option(fc.constant('2020-01-01'), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('boolean' as const),
    label,
    privacy: fc.constant('none' as const),
  }),
  fc.record({
    type: fc.constant('scale' as const),
    label,
    privacy: fc.constant('none' as const),
    min: fc.constant(1),
    max: fc.integer({ min: 2, max: 10 }),
    minLabel: fc.option(label, { nil: undefined }),
  }),
  fc.record({
    type: fc.constant('matrix' as const),
    label,
    privacy: fc.constant('free-text' as const),
    rows: fc.constant([
      { key: 'r1', label: { fr: 'Ligne 1' } },
      { key: 'r2', label: { fr: 'Ligne 2' } },
    ]),
    columns: fc.constant([{ key: 'c1', label: { fr: 'Colonne' } }]),
    cell: fc.constantFrom(
      { type: 'long-text' as const },
      { type: 'single-choice' as const, options: [{ value: 'x', label: { fr: 'X' } }] },
      { type: 'scale' as const, min: 1, max: 5 },
    ),
  }),
) as fc.Arbitrary<Omit<Field, 'key'>>;

/** Strips the `undefined` that fc.option leaves, as JSON would. */
function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Sibling fields with unique keys; containers one level deep; conditions on earlier siblings. */
const fieldList = (prefix: string, nested: boolean): fc.Arbitrary<Field[]> =>
  fc
    .array(
      nested
        ? fc.oneof(
            { weight: 4, arbitrary: leafField },
            {
              weight: 1,
              arbitrary: fc.record({
                type: fc.constantFrom('group' as const, 'repeat' as const),
                label,
                privacy: fc.constant('none' as const),
                fields: fieldList(`${prefix}n`, false),
              }) as fc.Arbitrary<Omit<Field, 'key'>>,
            },
          )
        : leafField,
      { minLength: 1, maxLength: 5 },
    )
    .chain((specs) =>
      fc.array(fc.boolean(), { minLength: specs.length, maxLength: specs.length }).map((conds) => {
        const fields = specs.map((spec, index) => ({ ...spec, key: `${prefix}${index}` }) as Field);
        fields.forEach((field, index) => {
          const target = fields[index - 1];
          if (!conds[index] || target === undefined) return;
          if (target.type === 'single-choice') {
            field.visibleIf = { field: target.key, equals: target.options[0].value };
          } else if (target.type === 'multiple-choice') {
            field.visibleIf = { field: target.key, includes: target.options[0].value };
          } else {
            field.visibleIf = { field: target.key, answered: true };
          }
        });
        return json(fields);
      }),
    );

const definition: fc.Arbitrary<InstrumentDefinition> = fc
  .record({
    key: fc.constantFrom('cra', 'microobs-q1', 'techess_day2'),
    kind: fc.constantFrom('questionnaire', 'activity-report'),
    version: fc.constantFrom('1.0.0', '2.10.3'),
    title: label,
    description: fc.option(label, { nil: undefined }),
    respondentRoles: fc.option(
      fc.constantFrom(['MEDIATOR'], ['MEDIATOR', 'PROFESSIONAL'] as (
        'MEDIATOR' | 'PROFESSIONAL'
      )[]),
      { nil: undefined },
    ),
    fields: fieldList('f', true),
    settings: fc.option(fc.constant({ areas: [{ key: 'a', label: 'A' }] }), { nil: undefined }),
  })
  .map(json) as fc.Arbitrary<InstrumentDefinition>;

/** Every path (as segments) inside a JSON value, the root excluded. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => [[...prefix, index], ...paths(item, [...prefix, index])]);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...paths(item, [...prefix, key]),
    ]);
  }
  return [];
}

/** Values close to valid ones, where the rules have their edges. */
const nearMiss: fc.Arbitrary<JsonValue | undefined> = fc.oneof(
  fc.constantFrom<JsonValue | undefined>(
    undefined,
    null,
    '',
    ' ',
    'x',
    'A-b',
    '1a',
    '2023-02-29',
    '2024-02-29',
    '1.0',
    'quasi',
    'identifier',
    'band',
    'group',
    'slider',
    -1,
    0,
    1,
    1.5,
    1000,
    true,
    [],
    {},
    [{ value: 'a', label: { fr: 'A' } }],
    { fr: '' },
    { en: 'x' },
    { kind: 'band', bands: [] },
    { field: 'f0', equals: 'a' },
    { field: 'f0' },
    { all: [] },
    { not: { field: 'nope', answered: true } },
  ),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>,
);

/** A valid definition with one value replaced, removed or added somewhere. */
const mutated = definition.chain((base) => {
  const all = paths(base);
  return fc.tuple(
    fc.constant(base),
    fc.constantFrom(...all),
    nearMiss,
    fc.option(
      fc.constantFrom('requried', 'maxLength', 'options', 'scoring', 'fields', 'min', 'cell'),
      {
        nil: undefined,
      },
    ),
  );
});

function applyMutation(
  base: InstrumentDefinition,
  path: (string | number)[],
  value: JsonValue | undefined,
  added: string | undefined,
): unknown {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (added !== undefined && typeof parent[last] === 'object' && parent[last] !== null) {
    (parent[last] as Record<string, unknown>)[added] = value ?? null;
  } else if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = value;
  }
  return copy;
}

function agree(input: unknown): void {
  const schemaValid = schemaAccepts(input);
  const { problems, definition: accepted } = checkDefinition(input);
  if (!schemaValid) {
    // What the schema refuses, the check refuses.
    expect(accepted).toBeUndefined();
    expect(problems.length).toBeGreaterThan(0);
  } else {
    // What the check refuses beyond the schema is a rule the schema cannot state.
    expect(problems.filter((p) => !beyondSchema(p.path, p.code))).toEqual([]);
  }
}

describe('the definition JSON Schema and the definition check', () => {
  it('is the schema the SDK publishes, for JSON Schema 2020-12', () => {
    expect(INSTRUMENT_DEFINITION_SCHEMA).toBe(schemaFile);
    expect(schemaFile.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('both accept generated valid definitions (property)', () => {
    fc.assert(
      fc.property(definition, (input) => {
        expect(plainAjv.errorsText(schemaAccepts(input) ? null : schemaAccepts.errors)).toBe(
          'No errors',
        );
        const { problems } = checkDefinition(input);
        expect(problems.filter((p) => p.code !== 'IDENTIFIER_IN_ANONYMOUS')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('agree on definitions with one value changed, removed or added (property)', () => {
    let refusedBySchema = 0;
    fc.assert(
      fc.property(mutated, ([base, path, value, added]) => {
        const input = applyMutation(base, path, value, added);
        if (!schemaAccepts(input)) refusedBySchema += 1;
        agree(input);
      }),
      { numRuns: 1000 },
    );
    // The mutations do reach the schema: many of them are refused by it.
    expect(refusedBySchema).toBeGreaterThan(300);
  }, 180_000);

  it('agree on arbitrary JSON (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (input) => agree(input)),
      { numRuns: 300 },
    );
  });
});
