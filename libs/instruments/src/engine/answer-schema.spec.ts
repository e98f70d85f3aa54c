import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import {
  walkFields,
  type Field,
  type InstrumentDefinition,
  type JsonObject,
  type JsonValue,
  type Problem,
} from '@observatory/instrument-sdk';
import { toAnswerSchema, JSON_SCHEMA_2020_12 } from './answer-schema';
import { validateAnswers } from './answer-validation';
import { clone } from './test-helpers';
import {
  conditionShowcase,
  observationDay2,
  outerScopeConditions,
  satisfactionQuestionnaire,
  skillsTest,
  validObservation,
  validQuestionnaire,
  validShowcase,
  validSkills,
} from './fixtures';
import { ISO_DATE_PATTERN, isIsoDate } from './shared';

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, strictTypes: false });

function compile(definition: InstrumentDefinition) {
  const schema = toAnswerSchema(definition);
  expect(ajv.validateSchema(schema)).toBe(true);
  return ajv.compile(schema);
}

/**
 * The exception set: what JSON Schema cannot say, so ajv accepts where validateAnswers refuses.
 * 1. Date bounds: OUT_OF_RANGE on a date field with min/max is ignored in the comparison.
 * 2. Conditions naming an enclosing scope (`outerScopeConditions`): only one direction holds,
 *    "validateAnswers accepts ⇒ ajv accepts".
 */
function dateBoundPaths(definition: InstrumentDefinition): Set<string> {
  const paths = new Set<string>();
  for (const { field, path } of walkFields(definition.fields)) {
    if (field.type === 'date' && (field.min !== undefined || field.max !== undefined)) {
      paths.add(path.join('.'));
    }
  }
  return paths;
}

function expressibleProblems(definition: InstrumentDefinition, answers: unknown): Problem[] {
  const dates = dateBoundPaths(definition);
  return validateAnswers(definition, answers, 'COMPLETE').filter(
    (problem) =>
      !(problem.code === 'OUT_OF_RANGE' && dates.has(problem.path.replace(/\[\d+\]/g, ''))),
  );
}

// ── answer generators: mostly plausible values, with wrong ones mixed in ──────────────────────

const junk: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom<JsonValue>(null, '', [], {}, 'x', 0, -1, 1.5, true, '2024-01-01'),
  // fast-check's JsonValue type is wider than the SDK's (it allows `undefined` members).
  fc.jsonValue({ maxDepth: 1 }).map((value) => value as unknown as JsonValue),
);

function numberArb(min: number | undefined, max: number | undefined): fc.Arbitrary<JsonValue> {
  const low = (min ?? -5) - 2;
  const high = (max ?? 50) + 2;
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: low, max: high }) },
    {
      weight: 1,
      arbitrary: fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true }),
    },
    { weight: 1, arbitrary: fc.constantFrom<JsonValue>(min ?? 0, max ?? 0) },
  );
}

function textArb(maxLength: number | undefined): fc.Arbitrary<JsonValue> {
  const limit = maxLength ?? 10_000;
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 8 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', 'é'.repeat(limit), 'é'.repeat(limit + 1), '😀'.repeat(limit)),
    },
  );
}

function choiceValues(field: { options: { value: string }[] }): string[] {
  return field.options.map((option) => option.value);
}

function valueArb(field: Field): fc.Arbitrary<JsonValue> {
  const plausible = ((): fc.Arbitrary<JsonValue> => {
    switch (field.type) {
      case 'short-text':
      case 'long-text':
        return textArb(field.maxLength);
      case 'single-choice':
        return fc.constantFrom(...choiceValues(field), ...choiceValues(field), '', 'unknown');
      case 'multiple-choice':
        return fc.oneof(
          { weight: 4, arbitrary: fc.subarray(choiceValues(field)) },
          {
            weight: 1,
            arbitrary: fc.array(fc.constantFrom(...choiceValues(field), 'zz', 3), { maxLength: 5 }),
          },
        );
      case 'integer':
      case 'number':
      case 'duration':
      case 'scale':
        return numberArb(field.min, field.max);
      case 'date':
        return fc.constantFrom(
          '2024-03-12',
          '2023-12-31',
          '2015-12-31',
          '2016-01-01',
          '2024-02-29',
          '2023-02-29',
          '2024-13-01',
          '',
        );
      case 'boolean':
        return fc.boolean();
      case 'group':
        return objectArb(field.fields);
      case 'repeat':
        return fc.array(objectArb(field.fields), { maxLength: (field.maxItems ?? 3) + 1 });
      case 'matrix': {
        const cell = ((): fc.Arbitrary<JsonValue> => {
          switch (field.cell.type) {
            case 'single-choice':
              return fc.constantFrom(...choiceValues(field.cell), '', 'nope');
            case 'scale':
              return numberArb(field.cell.min, field.cell.max);
            default:
              return textArb(field.cell.maxLength);
          }
        })();
        const columns = [...field.columns.map((c) => c.key), 'extra'];
        const row = fc.oneof(
          {
            weight: 6,
            arbitrary: fullRecord(
              field.columns.map((c) => c.key),
              cell,
            ),
          },
          {
            weight: 2,
            arbitrary: fc.dictionary(fc.constantFrom(...columns), fc.oneof(cell, junk), {
              maxKeys: 3,
            }),
          },
          { weight: 1, arbitrary: junk },
        );
        return fc.oneof(
          {
            weight: 6,
            arbitrary: fullRecord(
              field.rows.map((r) => r.key),
              row,
            ),
          },
          {
            weight: 2,
            arbitrary: fc.dictionary(
              fc.constantFrom(...field.rows.map((r) => r.key), 'other'),
              row,
              { maxKeys: 3 },
            ),
          },
        );
      }
    }
  })();
  return fc.oneof({ weight: 12, arbitrary: plausible }, { weight: 1, arbitrary: junk });
}

function fullRecord(keys: string[], value: fc.Arbitrary<JsonValue>): fc.Arbitrary<JsonValue> {
  return fc.tuple(...keys.map(() => value)).map((values) => {
    const record: JsonObject = {};
    keys.forEach((key, index) => (record[key] = values[index]));
    return record;
  });
}

function objectArb(fields: readonly Field[]): fc.Arbitrary<JsonValue> {
  return fc
    .tuple(
      ...fields.map((field) =>
        fc.oneof(
          { weight: 8, arbitrary: valueArb(field) },
          { weight: 1, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constant(null) },
        ),
      ),
      fc.option(fc.constantFrom('extra', '__proto__', 'constructor'), { freq: 12 }),
    )
    .map((values) => {
      const record: JsonObject = {};
      fields.forEach((field, index) => {
        const value = values[index];
        if (value !== undefined) record[field.key] = value as JsonValue;
      });
      const extra = values[fields.length];
      if (typeof extra === 'string') {
        Object.defineProperty(record, extra, {
          value: 1,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return record;
    });
}

const DATES = ['2016-01-01', '2015-12-31', '2024-02-29', '2024-03-12', '1999-07-14'];

/** Values inside every bound (visibility aside, which `repair` then fixes). */
function validValueArb(field: Field): fc.Arbitrary<JsonValue> {
  switch (field.type) {
    case 'short-text':
    case 'long-text':
      return fc.string({ minLength: 1, maxLength: Math.min(8, field.maxLength ?? 8) });
    case 'single-choice':
      return fc.constantFrom(...choiceValues(field));
    case 'multiple-choice':
      return fc.subarray(choiceValues(field), {
        minLength: Math.max(1, field.minSelected ?? 0),
        maxLength: field.maxSelected ?? field.options.length,
      });
    case 'integer':
    case 'duration':
    case 'scale':
      return fc.integer({
        min: Math.max(field.type === 'duration' ? 0 : -5, field.min ?? -5),
        max: field.max ?? 50,
      });
    case 'number':
      return fc.double({ min: field.min ?? -5, max: field.max ?? 50, noNaN: true });
    case 'date':
      return fc.constantFrom(
        ...DATES.filter(
          (d) =>
            (field.min === undefined || d >= field.min) &&
            (field.max === undefined || d <= field.max),
        ),
      );
    case 'boolean':
      return fc.boolean();
    case 'group':
      return validObjectArb(field.fields);
    case 'repeat':
      return fc.array(validObjectArb(field.fields), {
        minLength: Math.max(1, field.minItems ?? 0),
        maxLength: field.maxItems ?? 3,
      });
    case 'matrix': {
      const cell = field.cell;
      const cellArb: fc.Arbitrary<JsonValue> =
        cell.type === 'single-choice'
          ? fc.constantFrom(...choiceValues(cell))
          : cell.type === 'scale'
            ? fc.integer({ min: cell.min, max: cell.max })
            : fc.string({ minLength: 1, maxLength: 8 });
      const row = fullRecord(
        field.columns.map((c) => c.key),
        cellArb,
      );
      return fullRecord(
        field.rows.map((r) => r.key),
        row,
      );
    }
  }
}

function validObjectArb(fields: readonly Field[]): fc.Arbitrary<JsonValue> {
  return fullRecordOf(fields.map((field) => [field.key, validValueArb(field)]));
}

function fullRecordOf(entries: [string, fc.Arbitrary<JsonValue>][]): fc.Arbitrary<JsonValue> {
  return fc.tuple(...entries.map(([, arb]) => arb)).map((values) => {
    const record: JsonObject = {};
    entries.forEach(([key], index) => (record[key] = values[index]));
    return record;
  });
}

/** Parses an answer path (`a[1].b["odd key"]`) into segments. */
function segments(path: string): (string | number)[] {
  const result: (string | number)[] = [];
  for (const match of path.matchAll(/\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|([^.[\]]+)/g)) {
    if (match[1] !== undefined) result.push(Number(match[1]));
    else if (match[2] !== undefined) result.push(JSON.parse(match[2]) as string);
    else result.push(match[3]);
  }
  return result;
}

/**
 * Removes what validateAnswers complains about (hidden, unknown, mistyped, out-of-range values),
 * so that random answers also land on the accepting side. Later paths go first so that removing
 * an array item does not shift the items still to visit.
 */
function repair(definition: InstrumentDefinition, answers: unknown): unknown {
  const copy: unknown = clone(answers);
  for (let round = 0; round < 4; round++) {
    const problems = validateAnswers(definition, copy, 'COMPLETE').filter(
      (p) => p.code !== 'REQUIRED',
    );
    if (problems.length === 0 || typeof copy !== 'object' || copy === null) break;
    for (const problem of [...problems].reverse()) {
      const path = segments(problem.path);
      let parent: unknown = copy;
      for (const segment of path.slice(0, -1)) {
        parent =
          typeof parent === 'object' && parent !== null
            ? (parent as Record<string, unknown>)[segment]
            : undefined;
      }
      const last = path[path.length - 1];
      if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
      else if (typeof parent === 'object' && parent !== null)
        delete (parent as Record<string, unknown>)[last];
    }
  }
  return copy;
}

/** A valid answer with one thing changed: a value replaced, removed or added somewhere. */
function mutated(valid: JsonObject, definition: InstrumentDefinition): fc.Arbitrary<unknown> {
  const paths = answerPaths(valid);
  const replacement = fc.oneof(
    junk,
    ...[...walkFields(definition.fields)].map(({ field }) => valueArb(field)),
  );
  type Mutation = { kind: 'set'; value: JsonValue } | { kind: 'delete' } | { kind: 'duplicate' };
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 4, arbitrary: replacement.map((value): Mutation => ({ kind: 'set', value })) },
    { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'delete' }) },
    { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'duplicate' }) },
  );
  return fc.tuple(fc.constantFrom(...paths), mutation).map(([path, change]) => {
    const copy: unknown = clone(valid);
    let parent = copy as Record<string, unknown>;
    for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string, unknown>;
    const last = path[path.length - 1];
    const current = parent[last];
    if (change.kind === 'set') parent[last] = change.value;
    else if (change.kind === 'duplicate' && Array.isArray(current) && current.length > 0) {
      current.push(clone(current[0]));
    } else if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete parent[last];
    return copy;
  });
}

function answerPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) {
    return [
      ...value.flatMap((item, i) => [[...prefix, i], ...answerPaths(item, [...prefix, i])]),
      [...prefix, value.length],
    ];
  }
  if (typeof value === 'object' && value !== null) {
    const own = Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...answerPaths(item, [...prefix, key]),
    ]);
    return [...own, [...prefix, 'newKey']];
  }
  return [];
}

// ── specs ──────────────────────────────────────────────────────────────────────────────────

describe('toAnswerSchema', () => {
  const exact: [string, InstrumentDefinition, JsonObject][] = [
    ['observation', observationDay2, validObservation],
    ['questionnaire', satisfactionQuestionnaire, validQuestionnaire],
    ['skills test', skillsTest, validSkills],
    ['condition showcase', conditionShowcase, validShowcase],
  ];

  it('is a JSON Schema 2020-12 document', () => {
    const schema = toAnswerSchema(observationDay2);
    expect(schema.$schema).toBe(JSON_SCHEMA_2020_12);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['sessionDate', 'mode', 'beneficiaries', 'debrief']);
  });

  it.each(exact)('accepts the valid %s answers', (_name, definition, answers) => {
    expect(compile(definition)(answers)).toBe(true);
  });

  it.each(exact)(
    'agrees with validateAnswers on random %s answers (property)',
    (_name, definition) => {
      const validate = compile(definition);
      let accepted = 0;
      fc.assert(
        fc.property(
          fc.oneof(objectArb(definition.fields), validObjectArb(definition.fields)),
          (random) => {
            for (const answers of [random, repair(definition, random)]) {
              const ours = expressibleProblems(definition, answers).length === 0;
              if (ours) accepted++;
              expect({ answers, ajv: validate(answers) }).toEqual({ answers, ajv: ours });
            }
          },
        ),
        { numRuns: 400 },
      );
      // Make sure the accepting side was exercised too, not only refusals.
      expect(accepted).toBeGreaterThan(20);
    },
  );

  it.each(exact)(
    'agrees with validateAnswers on mutated valid %s answers (property)',
    (_name, definition, valid) => {
      const validate = compile(definition);
      let accepted = 0;
      fc.assert(
        fc.property(mutated(valid, definition), (answers) => {
          const ours = expressibleProblems(definition, answers).length === 0;
          if (ours) accepted++;
          expect({ answers, ajv: validate(answers) }).toEqual({ answers, ajv: ours });
        }),
        { numRuns: 400 },
      );
      expect(accepted).toBeGreaterThan(20);
    },
  );

  it('is never stricter than validateAnswers where conditions reach an enclosing scope (property)', () => {
    const validate = compile(outerScopeConditions);
    fc.assert(
      fc.property(objectArb(outerScopeConditions.fields), (random) => {
        for (const answers of [random, repair(outerScopeConditions, random)]) {
          if (validateAnswers(outerScopeConditions, answers, 'COMPLETE').length === 0) {
            expect(validate(answers)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
    // And the documented gap is real: a hidden item field is accepted by the schema.
    const hidden = { collective: false, participants: [{ role: 'lead' }] };
    expect(validate(hidden)).toBe(true);
    expect(validateAnswers(outerScopeConditions, hidden, 'COMPLETE')).toHaveLength(1);
  });

  it('documents date bounds as the other gap', () => {
    const early = { ...validObservation, sessionDate: '2023-01-01' };
    expect(compile(observationDay2)(early)).toBe(true);
    expect(validateAnswers(observationDay2, early, 'COMPLETE').map((p) => p.code)).toEqual([
      'OUT_OF_RANGE',
    ]);
  });

  it('uses a date pattern equivalent to isIsoDate (property)', () => {
    const pattern = new RegExp(ISO_DATE_PATTERN);
    const dates = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
      )
      .map(
        ([y, m, d]) =>
          `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      );
    fc.assert(
      fc.property(fc.oneof(dates, fc.string({ maxLength: 12 })), (text) => {
        expect(pattern.test(text)).toBe(isIsoDate(text));
      }),
      { numRuns: 500 },
    );
    for (const leap of ['2000-02-29', '2024-02-29', '0400-02-29', '0000-02-29'])
      expect(pattern.test(leap)).toBe(true);
    for (const notLeap of ['1900-02-29', '2023-02-29', '2100-02-29'])
      expect(pattern.test(notLeap)).toBe(false);
  });
});
