import fc from 'fast-check';
import type {
  ChoiceField,
  Field,
  InstrumentDefinition,
  JsonObject,
} from '@observatory/instrument-sdk';
import plugin, {
  checkSkillsTest,
  scoreSkillsTest,
  skillsTestMeasures,
  skillsTestPublicView,
} from './index';

const label = (fr: string) => ({ fr });
const options = (...values: string[]) => values.map((value) => ({ value, label: label(value) }));

function item(overrides: Partial<ChoiceField> & Pick<ChoiceField, 'key'>): ChoiceField {
  return {
    type: 'single-choice',
    label: label(overrides.key),
    privacy: 'none',
    options: options('a', 'b', 'c'),
    scoring: { area: 'info', correct: ['a'] },
    ...overrides,
  };
}

function definition(overrides: Partial<InstrumentDefinition> = {}): InstrumentDefinition {
  return {
    key: 'pic-test',
    kind: 'skills-test',
    version: '1.0.0',
    title: label('Test PIC'),
    anonymous: true,
    settings: {
      areas: [
        { key: 'info', label: { fr: 'Information et données' } },
        { key: 'security', label: 'Protection et sécurité' },
      ],
    },
    fields: [
      item({ key: 'q1' }),
      item({ key: 'q2', scoring: { area: 'info', correct: ['b', 'c'], points: 2 } }),
      item({
        key: 'q3',
        type: 'multiple-choice',
        scoring: { area: 'security', correct: ['a', 'c'], points: 3 },
      }),
    ],
    ...overrides,
  };
}

const codes = (def: InstrumentDefinition) => checkSkillsTest(def).map((p) => `${p.path} ${p.code}`);

describe('skills-test plugin', () => {
  it('declares its kind and SDK range', () => {
    expect(plugin).toMatchObject({ kind: 'skills-test', version: '1.0.0', sdkVersion: '^1.0.0' });
    expect(plugin.versionsDir).toMatch(/instruments[\\/]skills-test[\\/]versions$/);
  });

  describe('checkDefinition', () => {
    it('accepts a well-formed test', () => {
      expect(checkSkillsTest(definition())).toEqual([]);
    });

    const base = definition();
    const q = base.fields as ChoiceField[];
    it.each<[string, Partial<InstrumentDefinition>, string[]]>([
      [
        'refuses a test that is not anonymous',
        { anonymous: false },
        ['anonymous ANONYMOUS_REQUIRED'],
      ],
      [
        'refuses a test with anonymous left out',
        { anonymous: undefined },
        ['anonymous ANONYMOUS_REQUIRED'],
      ],
      [
        'refuses missing areas',
        { settings: {} },
        [
          'settings.areas AREAS_REQUIRED',
          'fields[0].scoring.area UNKNOWN_AREA',
          'fields[1].scoring.area UNKNOWN_AREA',
          'fields[2].scoring.area UNKNOWN_AREA',
        ],
      ],
      [
        'refuses areas that are not an array',
        { settings: { areas: 'info' }, fields: [] },
        ['settings.areas AREAS_REQUIRED'],
      ],
      [
        'refuses duplicate area keys',
        {
          settings: {
            areas: [
              { key: 'info', label: 'A' },
              { key: 'info', label: 'B' },
            ],
          },
          fields: [q[0]],
        },
        ['settings.areas[1].key DUPLICATE_KEY'],
      ],
      [
        'refuses an area without a label',
        { settings: { areas: [{ key: 'info' }] }, fields: [q[0]] },
        ['settings.areas[0].label REQUIRED'],
      ],
      [
        'refuses an area key with a dot or named total',
        {
          settings: {
            areas: [
              { key: 'info', label: 'A' },
              { key: 'a.b', label: 'B' },
              { key: 'total', label: 'T' },
              3,
            ],
          },
          fields: [q[0]],
        },
        [
          'settings.areas[1].key INVALID_KEY',
          'settings.areas[2].key INVALID_KEY',
          'settings.areas[3] TYPE',
        ],
      ],
      [
        'refuses an item scoring an undeclared area',
        { fields: [item({ key: 'q1', scoring: { area: 'creation', correct: ['a'] } })] },
        ['fields[0].scoring.area UNKNOWN_AREA'],
      ],
      [
        'refuses an item without scoring',
        { fields: [item({ key: 'q1', scoring: undefined })] },
        ['fields[0].scoring SCORING_REQUIRED'],
      ],
      [
        'refuses an empty answer key',
        { fields: [item({ key: 'q1', scoring: { area: 'info', correct: [] } })] },
        ['fields[0].scoring.correct REQUIRED'],
      ],
      [
        'refuses an answer key outside the options',
        { fields: [item({ key: 'q1', scoring: { area: 'info', correct: ['a', 'z'] } })] },
        ['fields[0].scoring.correct[1] UNKNOWN_OPTION'],
      ],
      [
        'refuses a duplicated answer',
        { fields: [item({ key: 'q1', scoring: { area: 'info', correct: ['a', 'a'] } })] },
        ['fields[0].scoring.correct[1] DUPLICATE_VALUE'],
      ],
      [
        'refuses an answer key a respondent cannot select',
        {
          fields: [
            item({
              key: 'q1',
              type: 'multiple-choice',
              maxSelected: 1,
              scoring: { area: 'info', correct: ['a', 'b'] },
            }),
          ],
        },
        ['fields[0].scoring.correct UNREACHABLE_ANSWER'],
      ],
      ...[0, -1, Number.NaN].map((points): [string, Partial<InstrumentDefinition>, string[]] => [
        `refuses ${points} points`,
        { fields: [item({ key: 'q1', scoring: { area: 'info', correct: ['a'], points } })] },
        ['fields[0].scoring.points INVALID_POINTS'],
      ]),
      [
        'refuses an item that is not a choice',
        { fields: [{ key: 'age', type: 'integer', label: label('Âge'), privacy: 'none' }] },
        ['fields[0].type ITEM_TYPE'],
      ],
      [
        'refuses free text, even nested',
        {
          fields: [
            q[0],
            {
              key: 'extra',
              type: 'group',
              label: label('Extra'),
              privacy: 'none',
              fields: [
                { key: 'comment', type: 'long-text', label: label('C'), privacy: 'free-text' },
              ],
            },
          ],
        },
        ['fields[1].type ITEM_TYPE', 'extra.comment PRIVACY_FORBIDDEN'],
      ],
      [
        'refuses an identifier',
        { fields: [item({ key: 'q1', privacy: 'identifier' })] },
        ['q1 PRIVACY_FORBIDDEN'],
      ],
    ])('%s', (_name, overrides, expected) => {
      expect(codes({ ...base, ...overrides })).toEqual(expected);
    });
  });

  describe('derive', () => {
    it.each<[string, JsonObject, { info: number; security: number; total: number }]>([
      ['scores nothing for no answers', {}, { info: 0, security: 0, total: 0 }],
      ['scores a right single choice', { q1: 'a' }, { info: 1, security: 0, total: 1 }],
      [
        'scores a single choice among several right ones',
        { q2: 'c' },
        { info: 2, security: 0, total: 2 },
      ],
      ['does not score a wrong single choice', { q1: 'b' }, { info: 0, security: 0, total: 0 }],
      [
        'scores a multiple choice equal to the key',
        { q3: ['c', 'a'] },
        { info: 0, security: 3, total: 3 },
      ],
      ['does not score a subset', { q3: ['a'] }, { info: 0, security: 0, total: 0 }],
      ['does not score a superset', { q3: ['a', 'b', 'c'] }, { info: 0, security: 0, total: 0 }],
      [
        'ignores answers of the wrong type',
        { q1: ['a'], q3: 'a' },
        { info: 0, security: 0, total: 0 },
      ],
      [
        'adds everything up',
        { q1: 'a', q2: 'b', q3: ['a', 'c'] },
        { info: 3, security: 3, total: 6 },
      ],
    ])('%s', (_name, answers, expected) => {
      expect(scoreSkillsTest(definition(), answers)).toEqual({
        scores: {
          info: { score: expected.info, max: 3 },
          security: { score: expected.security, max: 3 },
        },
        total: { score: expected.total, max: 6 },
      });
    });

    it('is the plugin derive hook and lists areas without items', () => {
      const def = definition({
        settings: {
          areas: [
            { key: 'info', label: 'I' },
            { key: 'empty', label: 'E' },
          ],
        },
        fields: [item({ key: 'q1' })],
      });
      expect(plugin.derive?.(def, { q1: 'a' })).toEqual({
        scores: { info: { score: 1, max: 1 }, empty: { score: 0, max: 0 } },
        total: { score: 1, max: 1 },
      });
    });
  });

  describe('measures', () => {
    it('offers one numeric measure per area and the total', () => {
      expect(skillsTestMeasures(definition())).toEqual([
        {
          key: 'score.info',
          label: 'Score : Information et données',
          type: 'numeric',
          source: 'derived',
          path: 'scores.info.score',
        },
        {
          key: 'score.security',
          label: 'Score : Protection et sécurité',
          type: 'numeric',
          source: 'derived',
          path: 'scores.security.score',
        },
        {
          key: 'score.total',
          label: 'Score total',
          type: 'numeric',
          source: 'derived',
          path: 'total.score',
        },
      ]);
    });
  });

  describe('publicView', () => {
    it('drops the answer key and keeps areas and points', () => {
      const def = definition();
      const view = skillsTestPublicView(def);
      expect((view.fields[1] as ChoiceField).scoring).toEqual({ area: 'info', points: 2 });
      expect({ ...view, fields: [] }).toEqual({ ...def, fields: [] });
    });

    it('does not touch the definition it is given', () => {
      const def = definition();
      const before = JSON.stringify(def);
      skillsTestPublicView(def);
      expect(JSON.stringify(def)).toBe(before);
    });
  });
});

// ---- Properties -------------------------------------------------------------------------------

function hasKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => hasKey(v, key));
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([k, v]) => k === key || hasKey(v, key));
}

const areaKeyArb = fc.constantFrom('info', 'communication', 'creation', 'security', 'environment');
const optionValuesArb = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), {
  minLength: 1,
  maxLength: 5,
});

/** A scored choice item, valid or not: points may be missing, zero or negative, areas undeclared. */
const itemArb = (key: string): fc.Arbitrary<ChoiceField> =>
  fc
    .record({
      type: fc.constantFrom<'single-choice' | 'multiple-choice'>(
        'single-choice',
        'multiple-choice',
      ),
      values: optionValuesArb,
      area: areaKeyArb,
      points: fc.option(fc.double({ min: -5, max: 10, noNaN: true }), { nil: undefined }),
    })
    .chain(({ type, values, area, points }) =>
      fc.subarray(values, { minLength: 1 }).map((correct): ChoiceField => ({
        key,
        type,
        label: label(key),
        privacy: 'none',
        options: options(...values),
        scoring: points === undefined ? { area, correct } : { area, correct, points },
      })),
    );

/** Any field, nesting groups and repeats whose items may carry a scoring too. */
const fieldArb: fc.Arbitrary<Field> = fc.letrec<{ field: Field }>((tie) => ({
  field: fc.oneof(
    { depthSize: 'small' },
    fc.string({ minLength: 1, maxLength: 4 }).chain((key) => itemArb(`k${key}`)),
    fc.record({
      key: fc.constantFrom('notes', 'age'),
      type: fc.constantFrom<'long-text'>('long-text'),
      label: fc.constant(label('x')),
      privacy: fc.constantFrom<'free-text'>('free-text'),
    }),
    fc.record({
      key: fc.constant('block'),
      type: fc.constantFrom<'group' | 'repeat'>('group', 'repeat'),
      label: fc.constant(label('Bloc')),
      privacy: fc.constant<'none'>('none'),
      fields: fc.array(tie('field'), { maxLength: 3 }),
    }),
  ),
})).field;

const randomDefinitionArb: fc.Arbitrary<InstrumentDefinition> = fc
  .record({
    fields: fc.array(fieldArb, { maxLength: 6 }),
    anonymous: fc.boolean(),
    settings: fc.oneof(
      fc.constant<JsonObject>({ areas: [{ key: 'info', label: 'I' }] }),
      // fast-check's JSON values have readonly arrays: same data, narrower type.
      fc
        .dictionary(fc.constantFrom('areas', 'correct', 'other'), fc.jsonValue({ maxDepth: 2 }))
        .map((settings) => settings as JsonObject),
    ),
  })
  .map(({ fields, anonymous, settings }) => definition({ fields, anonymous, settings }));

/** A test of distinct items with their declared areas, and answers to it (right, wrong or odd). */
const scoredTestArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 8 })
  .chain((ids) => fc.tuple(...ids.map((id) => itemArb(`q${id}`))))
  .chain((items) => {
    const def = definition({
      fields: items,
      settings: {
        areas: [...new Set(items.map((i) => String(i.scoring?.area)))].map((key) => ({
          key,
          label: key,
        })),
      },
    });
    const answerArb = (field: ChoiceField) =>
      fc.oneof(
        fc.constantFrom(...field.options.map((o) => o.value)),
        fc.subarray(field.options.map((o) => o.value)),
        fc.constant(field.scoring?.correct ?? []),
        fc.jsonValue({ maxDepth: 1 }),
      );
    const answersArb = fc.record(
      Object.fromEntries(items.map((field) => [field.key, answerArb(field)])),
      { requiredKeys: [] },
    );
    return fc.tuple(fc.constant(def), answersArb);
  });

describe('skills-test properties', () => {
  it('publicView never contains a `correct` key anywhere', () => {
    fc.assert(
      fc.property(randomDefinitionArb, (def) => {
        expect(hasKey(skillsTestPublicView(def), 'correct')).toBe(false);
      }),
    );
  });

  it('derive scores lie between 0 and max, and add up to the total', () => {
    fc.assert(
      fc.property(scoredTestArb, ([def, answers]) => {
        const { scores, total } = scoreSkillsTest(def, answers as JsonObject);
        const all = [...Object.values(scores), total];
        for (const { score, max } of all) {
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(max);
        }
        const sum = (key: 'score' | 'max') =>
          Object.values(scores).reduce((acc, area) => acc + area[key], 0);
        expect(total.score).toBeCloseTo(sum('score'), 9);
        expect(total.max).toBeCloseTo(sum('max'), 9);
      }),
    );
  });
});
