import fc from 'fast-check';
import type { Condition, Field } from '@observatory/instrument-sdk';
import {
  conditionLeaves,
  conditionValue,
  evaluateCondition,
  resolveConditionField,
  testLeaf,
  type AnswerScope,
} from './condition';
import { observationDay2, skillsTest } from './fixtures';

const root = observationDay2.fields;
const beneficiaries = root.find((field) => field.key === 'beneficiaries') as Field & {
  fields: Field[];
};
const needs = beneficiaries.fields.find((field) => field.key === 'needs') as Field & {
  fields: Field[];
};

describe('resolveConditionField', () => {
  const scopes = [root, beneficiaries.fields, needs.fields];
  it.each([
    ['a sibling', 'topic', 2, 'topic'],
    ['a field of the enclosing repeat item', 'followUp', 1, 'followUp'],
    ['a root field', 'mode', 0, 'mode'],
    ['a dotted path into a sibling group', 'needs.request', 1, 'request'],
  ])('finds %s', (_name, name, level, key) => {
    const resolution = resolveConditionField(scopes, name);
    expect(resolution).toMatchObject({ ok: true, level, field: { key } });
  });

  it('prefers the nearest scope when a key is shadowed', () => {
    const outer: Field[] = [{ key: 'x', type: 'boolean', label: { fr: 'X' }, privacy: 'none' }];
    const inner: Field[] = [{ key: 'x', type: 'integer', label: { fr: 'X' }, privacy: 'none' }];
    expect(resolveConditionField([outer, inner], 'x')).toMatchObject({
      ok: true,
      level: 1,
      field: { type: 'integer' },
    });
  });

  it.each([
    ['an unknown name', 'nope', 'names no field'],
    ['a path into a repeat', 'beneficiaries.age', 'only reach into groups'],
    ['a missing group child', 'needs.nope', 'has no field'],
    ['an empty segment', 'needs..request', 'empty segment'],
  ])('refuses %s', (_name, name, reason) => {
    const resolution = resolveConditionField(scopes, name);
    expect(resolution.ok).toBe(false);
    if (!resolution.ok) expect(resolution.reason).toContain(reason);
  });
});

describe('evaluateCondition', () => {
  const answers = {
    mode: 'remote',
    beneficiaries: [{ age: 30, followUp: true, needs: { topic: 'other', request: 'x' } }],
  };
  const item = answers.beneficiaries[0];
  const scopes: AnswerScope[] = [
    { fields: root, values: answers },
    { fields: beneficiaries.fields, values: item },
    { fields: needs.fields, values: item.needs },
  ];

  it.each<[string, Condition, boolean]>([
    ['sibling equals', { field: 'topic', equals: 'other' }, true],
    ['sibling equals (false)', { field: 'topic', equals: 'admin' }, false],
    ['item field', { field: 'followUp', equals: true }, true],
    ['root field', { field: 'mode', notEquals: 'remote' }, false],
    ['dotted path', { field: 'needs.request', answered: true }, true],
    ['in', { field: 'age', in: [29, 30] }, true],
    ['absent equals null', { field: 'otherTopic', equals: null }, true],
    ['absent not answered', { field: 'otherTopic', answered: false }, true],
    ['absent notEquals', { field: 'otherTopic', notEquals: 'x' }, true],
    [
      'all',
      {
        all: [
          { field: 'mode', equals: 'remote' },
          { field: 'age', in: [30] },
        ],
      },
      true,
    ],
    [
      'any',
      {
        any: [
          { field: 'mode', equals: 'onsite' },
          { field: 'age', in: [31] },
        ],
      },
      false,
    ],
    ['not', { not: { field: 'mode', equals: 'onsite' } }, true],
    ['unresolvable name reads as absent', { field: 'ghost', answered: false }, true],
  ])('%s', (_name, condition, expected) => {
    expect(evaluateCondition(condition, scopes)).toBe(expected);
  });

  it('reads includes on a multiple choice selection', () => {
    const fields: Field[] = [
      {
        key: 'topics',
        type: 'multiple-choice',
        label: { fr: 'T' },
        privacy: 'none',
        options: [{ value: 'a', label: { fr: 'A' } }],
      },
    ];
    const scope = (values: unknown): AnswerScope[] => [{ fields, values }];
    expect(evaluateCondition({ field: 'topics', includes: 'a' }, scope({ topics: ['a'] }))).toBe(
      true,
    );
    expect(evaluateCondition({ field: 'topics', includes: 'a' }, scope({ topics: 'a' }))).toBe(
      false,
    );
    expect(evaluateCondition({ field: 'topics', answered: true }, scope({ topics: [] }))).toBe(
      false,
    );
  });

  it('never reads inherited properties', () => {
    const values = Object.create({ mode: 'remote' }) as object;
    expect(conditionValue('mode', [{ fields: root, values }])).toBeUndefined();
    expect(
      conditionValue('context.device', [{ fields: skillsTest.fields, values: { context: 'x' } }]),
    ).toBeUndefined();
  });

  const primitive = fc.oneof(
    fc.string({ maxLength: 3 }),
    fc.integer({ min: -2, max: 2 }),
    fc.boolean(),
    fc.constant(null),
  );
  const leaf: fc.Arbitrary<Condition> = fc.oneof(
    fc.record({
      field: fc.constantFrom('mode', 'durationMinutes', 'sessionDate'),
      equals: primitive,
    }),
    fc.record({ field: fc.constantFrom('mode', 'durationMinutes'), notEquals: primitive }),
    fc.record({
      field: fc.constantFrom('mode', 'remoteTool'),
      in: fc.array(primitive, { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      field: fc.constantFrom('mode', 'debrief', 'beneficiaries'),
      answered: fc.boolean(),
    }),
  );
  const condition = fc.letrec<{ node: Condition }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ all: fc.array(tie('node'), { maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('node'), { maxLength: 3 }) }),
      fc.record({ not: tie('node') }),
    ),
  })).node;

  it('obeys boolean algebra on any condition (property)', () => {
    fc.assert(
      fc.property(condition, condition, (a, b) => {
        const value = (c: Condition): boolean => evaluateCondition(c, scopes);
        expect(value({ not: a })).toBe(!value(a));
        expect(value({ all: [a, b] })).toBe(value(a) && value(b));
        expect(value({ any: [a, b] })).toBe(value(a) || value(b));
        expect(value({ not: { any: [a, b] } })).toBe(value({ all: [{ not: a }, { not: b }] }));
      }),
      { numRuns: 300 },
    );
  });

  it('matches testLeaf on every leaf (property)', () => {
    fc.assert(
      fc.property(leaf, fc.jsonValue({ maxDepth: 1 }), (l, value) => {
        const fields = root;
        const name = conditionLeaves(l)[0].field;
        const result = evaluateCondition(l, [{ fields, values: { [name]: value } }]);
        expect(result).toBe(testLeaf(l, value));
      }),
      { numRuns: 300 },
    );
  });
});
