/**
 * Random definitions for property tests (test support only, not exported by the library): every
 * field type, groups, repeats and matrices nested up to three levels, `visibleIf` conditions on
 * earlier siblings, required fields, and keys drawn from a small pool so that the same key often
 * appears at several levels (what SurveyJS, which flattens groups, must still tell apart).
 * Every generated definition passes `checkDefinition`.
 */
import fc from 'fast-check';
import type {
  ChoiceOption,
  Condition,
  Field,
  InstrumentDefinition,
} from '@observatory/instrument-sdk';

const KEYS = ['a', 'b', 'c', 'date', 'note', 'mode'];

const options = (count: number): ChoiceOption[] =>
  Array.from({ length: count }, (_unused, index) => ({
    value: `v${index + 1}`,
    label: { fr: `Option ${index + 1}` },
  }));

const label = (key: string) => ({ fr: `Question ${key}` });

function leafArb(key: string): fc.Arbitrary<Field> {
  const base = { key, label: label(key), privacy: 'none' as const };
  return fc.oneof(
    fc
      .record({ maxLength: fc.option(fc.integer({ min: 5, max: 40 }), { nil: undefined }) })
      .map(({ maxLength }): Field => ({
        ...base,
        type: 'short-text',
        ...(maxLength === undefined ? {} : { maxLength }),
      })),
    fc.constant<Field>({
      ...base,
      type: 'short-text',
      privacy: 'quasi',
      generalisation: { kind: 'postcode-departement' },
    }),
    fc.constant<Field>({ ...base, type: 'long-text', privacy: 'free-text' }),
    fc.integer({ min: 2, max: 4 }).map((count): Field => ({
      ...base,
      type: 'single-choice',
      options: options(count),
    })),
    fc
      .record({ count: fc.integer({ min: 2, max: 4 }), min: fc.integer({ min: 0, max: 2 }) })
      .map(({ count, min }): Field => ({
        ...base,
        type: 'multiple-choice',
        options: options(count),
        ...(min > 0 ? { minSelected: min } : {}),
      })),
    fc
      .record({
        type: fc.constantFrom('integer' as const, 'number' as const),
        min: fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }),
      })
      .map(({ type, min }): Field => ({
        ...base,
        type,
        ...(min === undefined ? {} : { min, max: min + 100 }),
      })),
    fc.constant<Field>({
      ...base,
      type: 'date',
      min: '2020-01-01',
      privacy: 'quasi',
      generalisation: { kind: 'date-month' },
    }),
    fc.constant<Field>({ ...base, type: 'duration', max: 600 }),
    fc.constant<Field>({ ...base, type: 'boolean' }),
    fc.constant<Field>({ ...base, type: 'scale', min: 1, max: 5 }),
  );
}

function matrixArb(key: string): fc.Arbitrary<Field> {
  return fc
    .constantFrom(
      { type: 'short-text' as const, maxLength: 30 },
      { type: 'long-text' as const },
      { type: 'single-choice' as const, options: options(3) },
      { type: 'scale' as const, min: 1, max: 4 },
    )
    .map((cell): Field => ({
      key,
      type: 'matrix',
      label: label(key),
      privacy: cell.type.endsWith('text') ? 'free-text' : 'none',
      rows: [
        { key: 'r1', label: { fr: 'Ligne 1' } },
        { key: 'r2', label: { fr: 'Ligne 2' } },
      ],
      columns: [
        { key: 'c1', label: { fr: 'Colonne 1' } },
        { key: 'c2', label: { fr: 'Colonne 2' } },
      ],
      cell,
    }));
}

function fieldArb(key: string, depth: number): fc.Arbitrary<Field> {
  const containers: fc.Arbitrary<Field>[] =
    depth === 0
      ? []
      : [
          levelArb(depth - 1).map((fields): Field => ({
            key,
            type: 'group',
            label: label(key),
            privacy: 'none',
            fields,
          })),
          fc
            .tuple(levelArb(depth - 1), fc.integer({ min: 0, max: 2 }))
            .map(([fields, minItems]): Field => ({
              key,
              type: 'repeat',
              label: label(key),
              privacy: 'none',
              fields,
              ...(minItems > 0 ? { minItems } : {}),
              maxItems: 4,
            })),
        ];
  return fc.oneof(
    { weight: 4, arbitrary: leafArb(key) },
    { weight: 1, arbitrary: matrixArb(key) },
    ...containers.map((arbitrary) => ({ weight: 2, arbitrary })),
  );
}

/** A condition on an earlier sibling that can hold for some answer, or none. */
function conditionOn(source: Field, pick: number): Condition | undefined {
  switch (source.type) {
    case 'single-choice':
      return pick % 2 === 0
        ? { field: source.key, equals: source.options[0].value }
        : { field: source.key, notEquals: source.options[0].value };
    case 'multiple-choice':
      return { field: source.key, includes: source.options[0].value };
    case 'boolean':
      return { field: source.key, equals: pick % 2 === 0 };
    case 'short-text':
    case 'integer':
      return { field: source.key, answered: pick % 3 !== 0 };
    default:
      return undefined;
  }
}

function levelArb(depth: number): fc.Arbitrary<Field[]> {
  return fc
    .uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 4 })
    .chain((keys) =>
      fc.tuple(
        fc.tuple(...keys.map((key) => fieldArb(key, depth))),
        fc.array(fc.record({ required: fc.boolean(), condition: fc.nat(), pick: fc.nat() }), {
          minLength: keys.length,
          maxLength: keys.length,
        }),
      ),
    )
    .map(([fields, extras]) =>
      fields.map((field, index) => {
        const extra = extras[index];
        const result: Field = { ...field };
        if (extra.required) result.required = true;
        if (index > 0 && extra.condition % 3 === 0) {
          const condition = conditionOn(fields[extra.condition % index], extra.pick);
          if (condition !== undefined) result.visibleIf = condition;
        }
        return result;
      }),
    );
}

/** A checked definition of kind `questionnaire`, containers nested up to `depth` levels. */
export function definitionArbitrary(depth = 2): fc.Arbitrary<InstrumentDefinition> {
  return levelArb(depth).map((fields) => ({
    key: 'generated',
    kind: 'questionnaire',
    version: '1.0.0',
    title: { fr: 'Questionnaire généré' },
    fields,
  }));
}
