import fc from 'fast-check';
import {
  checkDefinition,
  MAX_FIELD_DEPTH,
  type Field,
  type InstrumentDefinition,
} from '@observatory/instrument-sdk';
import { allFixtures, observationDay2, satisfactionQuestionnaire, skillsTest } from './fixtures';
import { at, edited, withValue } from './test-helpers';

const minimal: InstrumentDefinition = {
  key: 'minimal',
  kind: 'questionnaire',
  version: '1.0.0',
  title: { fr: 'Minimal' },
  fields: [
    { key: 'a', type: 'boolean', label: { fr: 'A' }, privacy: 'none' },
    {
      key: 'choice',
      type: 'single-choice',
      label: { fr: 'Choix' },
      privacy: 'none',
      options: [
        { value: 'x', label: { fr: 'X' } },
        { value: 'y', label: { fr: 'Y' } },
      ],
    },
  ],
};

function codesAt(input: unknown): string[] {
  return checkDefinition(input).problems.map((problem) => `${problem.path} ${problem.code}`);
}

describe('checkDefinition', () => {
  it.each(Object.entries(allFixtures))('accepts the fixture %s', (_name, definition) => {
    const result = checkDefinition(definition);
    expect(result.problems).toEqual([]);
    expect(result.definition).toBe(definition);
  });

  it.each([null, undefined, [], 'definition', 42, true])('refuses %p as not an object', (input) => {
    expect(checkDefinition(input)).toEqual({
      problems: [expect.objectContaining({ path: '', code: 'NOT_AN_OBJECT' })],
    });
  });

  const base = minimal;
  const cases: [string, unknown, string][] = [
    ['missing key', withValue(base, ['key'], undefined), 'key MISSING_PROPERTY'],
    ['empty key', withValue(base, ['key'], ' '), 'key EMPTY_VALUE'],
    ['bad instrument key', withValue(base, ['key'], 'My Key'), 'key INVALID_INSTRUMENT_KEY'],
    ['missing kind', withValue(base, ['kind'], undefined), 'kind MISSING_PROPERTY'],
    ['numeric kind', withValue(base, ['kind'], 3), 'kind WRONG_TYPE'],
    ['missing version', withValue(base, ['version'], undefined), 'version MISSING_PROPERTY'],
    ['two-part version', withValue(base, ['version'], '1.0'), 'version INVALID_VERSION'],
    ['prerelease version', withValue(base, ['version'], '1.0.0-rc.1'), 'version INVALID_VERSION'],
    ['leading zero version', withValue(base, ['version'], '01.0.0'), 'version INVALID_VERSION'],
    ['missing title', withValue(base, ['title'], undefined), 'title MISSING_PROPERTY'],
    ['title without fr', withValue(base, ['title'], { en: 'T' }), 'title.fr MISSING_FRENCH'],
    ['empty title.fr', withValue(base, ['title', 'fr'], ''), 'title.fr MISSING_FRENCH'],
    ['title as string', withValue(base, ['title'], 'T'), 'title NOT_AN_OBJECT'],
    ['bad language', withValue(base, ['title', 'English'], 'T'), 'title.English INVALID_LANGUAGE'],
    ['unknown top-level', withValue(base, ['fileds'], []), 'fileds UNKNOWN_PROPERTY'],
    ['missing fields', withValue(base, ['fields'], undefined), 'fields NO_FIELDS'],
    ['empty fields', withValue(base, ['fields'], []), 'fields NO_FIELDS'],
    ['fields as object', withValue(base, ['fields'], {}), 'fields WRONG_TYPE'],
    ['field not object', withValue(base, ['fields', 0], 'a'), 'fields[0] NOT_AN_OBJECT'],
    [
      'unknown type',
      withValue(base, ['fields', 0, 'type'], 'slider'),
      'fields[0].type UNKNOWN_TYPE',
    ],
    [
      'missing type',
      withValue(base, ['fields', 0, 'type'], undefined),
      'fields[0].type MISSING_PROPERTY',
    ],
    ['bad key', withValue(base, ['fields', 0, 'key'], 'A-b'), 'fields[0].key INVALID_KEY'],
    [
      'key with digit first',
      withValue(base, ['fields', 0, 'key'], '1a'),
      'fields[0].key INVALID_KEY',
    ],
    ['duplicate key', withValue(base, ['fields', 1, 'key'], 'a'), 'fields[1].key DUPLICATE_KEY'],
    [
      'missing label',
      withValue(base, ['fields', 0, 'label'], undefined),
      'fields[0].label MISSING_PROPERTY',
    ],
    [
      'label without fr',
      withValue(base, ['fields', 0, 'label'], { en: 'A' }),
      'fields[0].label.fr MISSING_FRENCH',
    ],
    [
      'missing privacy',
      withValue(base, ['fields', 0, 'privacy'], undefined),
      'fields[0].privacy MISSING_PROPERTY',
    ],
    [
      'unknown privacy',
      withValue(base, ['fields', 0, 'privacy'], 'secret'),
      'fields[0].privacy UNKNOWN_PRIVACY_CLASS',
    ],
    [
      'typo property',
      withValue(base, ['fields', 0, 'requried'], true),
      'fields[0].requried UNKNOWN_PROPERTY',
    ],
    [
      'property of another type',
      withValue(base, ['fields', 0, 'maxLength'], 3),
      'fields[0].maxLength UNKNOWN_PROPERTY',
    ],
    [
      'required not boolean',
      withValue(base, ['fields', 0, 'required'], 'yes'),
      'fields[0].required WRONG_TYPE',
    ],
    [
      'quasi without generalisation',
      withValue(base, ['fields', 0, 'privacy'], 'quasi'),
      'fields[0].generalisation MISSING_GENERALISATION',
    ],
    [
      'generalisation on non-quasi',
      withValue(base, ['fields', 0, 'generalisation'], { kind: 'as-is' }),
      'fields[0].generalisation GENERALISATION_NOT_QUASI',
    ],
    [
      'band on a boolean',
      edited(base, (d) => {
        Object.assign(at(d, 'fields', 0), {
          privacy: 'quasi',
          generalisation: { kind: 'band', bands: [{ label: 'all' }] },
        });
      }),
      'fields[0].generalisation.kind INCOMPATIBLE_GENERALISATION',
    ],
    [
      'postcode on a choice',
      edited(base, (d) => {
        Object.assign(at(d, 'fields', 1), {
          privacy: 'quasi',
          generalisation: { kind: 'postcode-departement' },
        });
      }),
      'fields[1].generalisation.kind INCOMPATIBLE_GENERALISATION',
    ],
    [
      'unknown generalisation kind',
      edited(base, (d) => {
        Object.assign(at(d, 'fields', 1), { privacy: 'quasi', generalisation: { kind: 'hash' } });
      }),
      'fields[1].generalisation.kind INVALID_GENERALISATION',
    ],
    [
      'round without step',
      withValue(satisfactionQuestionnaire, ['fields', 0, 'generalisation'], { kind: 'round' }),
      'fields[0].generalisation.step INVALID_GENERALISATION',
    ],
    [
      'overlapping bands',
      withValue(satisfactionQuestionnaire, ['fields', 0, 'generalisation', 'bands', 1, 'min'], 29),
      'fields[0].generalisation.bands[1] INVALID_GENERALISATION',
    ],
    [
      'identifier in anonymous',
      withValue(satisfactionQuestionnaire, ['fields', 7, 'privacy'], 'identifier'),
      'fields[7].privacy IDENTIFIER_IN_ANONYMOUS',
    ],
    ['no options', withValue(base, ['fields', 1, 'options'], []), 'fields[1].options NO_OPTIONS'],
    [
      'missing options',
      withValue(base, ['fields', 1, 'options'], undefined),
      'fields[1].options NO_OPTIONS',
    ],
    [
      'duplicate option',
      withValue(base, ['fields', 1, 'options', 1, 'value'], 'x'),
      'fields[1].options[1].value DUPLICATE_OPTION',
    ],
    [
      'option without label',
      withValue(base, ['fields', 1, 'options', 0, 'label'], undefined),
      'fields[1].options[0].label MISSING_PROPERTY',
    ],
    [
      'minSelected on single choice',
      withValue(base, ['fields', 1, 'minSelected'], 1),
      'fields[1].minSelected UNKNOWN_PROPERTY',
    ],
    [
      'minSelected > maxSelected',
      withValue(satisfactionQuestionnaire, ['fields', 4, 'minSelected'], 4),
      'fields[4].minSelected MIN_GREATER_THAN_MAX',
    ],
    [
      'maxSelected beyond options',
      withValue(satisfactionQuestionnaire, ['fields', 4, 'maxSelected'], 9),
      'fields[4].maxSelected SELECTION_OUT_OF_RANGE',
    ],
    [
      'negative minSelected',
      withValue(satisfactionQuestionnaire, ['fields', 4, 'minSelected'], -1),
      'fields[4].minSelected INVALID_BOUND',
    ],
    [
      'min > max',
      withValue(satisfactionQuestionnaire, ['fields', 0, 'min'], 200),
      'fields[0].min MIN_GREATER_THAN_MAX',
    ],
    [
      'fractional integer bound',
      withValue(satisfactionQuestionnaire, ['fields', 0, 'min'], 1.5),
      'fields[0].min NOT_INTEGER',
    ],
    [
      'scale without max',
      withValue(satisfactionQuestionnaire, ['fields', 2, 'max'], undefined),
      'fields[2].max MISSING_PROPERTY',
    ],
    [
      'scale min = max',
      withValue(satisfactionQuestionnaire, ['fields', 2, 'max'], 1),
      'fields[2].min MIN_GREATER_THAN_MAX',
    ],
    [
      'impossible date bound',
      withValue(observationDay2, ['fields', 0, 'min'], '2023-02-29'),
      'fields[0].min INVALID_DATE',
    ],
    [
      'negative duration bound',
      withValue(observationDay2, ['fields', 3, 'min'], -5),
      'fields[3].min INVALID_BOUND',
    ],
    [
      'minItems > maxItems',
      withValue(observationDay2, ['fields', 4, 'minItems'], 20),
      'fields[4].minItems MIN_GREATER_THAN_MAX',
    ],
    [
      'zero maxLength',
      withValue(observationDay2, ['fields', 2, 'maxLength'], 0),
      'fields[2].maxLength INVALID_BOUND',
    ],
    [
      'repeat without fields',
      withValue(observationDay2, ['fields', 4, 'fields'], []),
      'fields[4].fields NO_FIELDS',
    ],
    [
      'group without fields',
      withValue(observationDay2, ['fields', 4, 'fields', 1, 'fields'], undefined),
      'fields[4].fields[1].fields NO_FIELDS',
    ],
    [
      'nested duplicate key',
      withValue(observationDay2, ['fields', 4, 'fields', 1, 'fields', 1, 'key'], 'topic'),
      'fields[4].fields[1].fields[1].key DUPLICATE_KEY',
    ],
    [
      'matrix without rows',
      withValue(observationDay2, ['fields', 5, 'rows'], []),
      'fields[5].rows NO_ROWS',
    ],
    [
      'matrix without columns',
      withValue(observationDay2, ['fields', 5, 'columns'], undefined),
      'fields[5].columns NO_COLUMNS',
    ],
    [
      'duplicate row key',
      withValue(observationDay2, ['fields', 5, 'rows', 2, 'key'], 'learned'),
      'fields[5].rows[2].key DUPLICATE_KEY',
    ],
    [
      'duplicate column key',
      withValue(observationDay2, ['fields', 5, 'columns', 1, 'key'], 'mediator'),
      'fields[5].columns[1].key DUPLICATE_KEY',
    ],
    [
      'bad cell type',
      withValue(observationDay2, ['fields', 5, 'cell'], { type: 'date' }),
      'fields[5].cell.type INVALID_CELL_TYPE',
    ],
    [
      'choice cell without options',
      withValue(skillsTest, ['fields', 5, 'cell', 'options'], []),
      'fields[5].cell.options NO_OPTIONS',
    ],
    [
      'unknown condition field',
      withValue(observationDay2, ['fields', 2, 'visibleIf', 'field'], 'modee'),
      'fields[2].visibleIf.field UNKNOWN_CONDITION_FIELD',
    ],
    [
      'condition into a repeat',
      withValue(observationDay2, ['fields', 2, 'visibleIf'], {
        field: 'beneficiaries.age',
        equals: 3,
      }),
      'fields[2].visibleIf.field UNKNOWN_CONDITION_FIELD',
    ],
    [
      'condition on itself',
      withValue(observationDay2, ['fields', 2, 'visibleIf', 'field'], 'remoteTool'),
      'fields[2].visibleIf.field SELF_CONDITION',
    ],
    [
      'condition on its own group',
      withValue(observationDay2, ['fields', 4, 'fields', 1, 'fields', 2, 'visibleIf'], {
        field: 'needs',
        answered: true,
      }),
      'fields[4].fields[1].fields[2].visibleIf.field SELF_CONDITION',
    ],
    [
      'malformed condition',
      withValue(observationDay2, ['fields', 2, 'visibleIf'], { field: 'mode' }),
      'fields[2].visibleIf INVALID_CONDITION',
    ],
    [
      'two operators',
      withValue(observationDay2, ['fields', 2, 'visibleIf', 'notEquals'], 'x'),
      'fields[2].visibleIf INVALID_CONDITION',
    ],
    [
      'empty all',
      withValue(observationDay2, ['fields', 2, 'visibleIf'], { all: [] }),
      'fields[2].visibleIf.all INVALID_CONDITION',
    ],
    [
      'condition typo',
      withValue(observationDay2, ['fields', 2, 'visibleIf'], { field: 'mode', equal: 'remote' }),
      'fields[2].visibleIf.equal UNKNOWN_PROPERTY',
    ],
    [
      'condition value not an option',
      withValue(observationDay2, ['fields', 2, 'visibleIf', 'equals'], 'remot'),
      'fields[2].visibleIf.equals UNKNOWN_CONDITION_OPTION',
    ],
    [
      'includes on a single choice',
      withValue(observationDay2, ['fields', 2, 'visibleIf'], { field: 'mode', includes: 'remote' }),
      'fields[2].visibleIf.includes CONDITION_TYPE_MISMATCH',
    ],
    [
      'string compared with a boolean field',
      withValue(observationDay2, ['fields', 4, 'fields', 3, 'visibleIf', 'equals'], 'true'),
      'fields[4].fields[3].visibleIf.equals CONDITION_TYPE_MISMATCH',
    ],
    [
      'bad role',
      withValue(base, ['respondentRoles'], ['ADMIN']),
      'respondentRoles[0] INVALID_ROLE',
    ],
    [
      'duplicate role',
      withValue(base, ['respondentRoles'], ['MEDIATOR', 'MEDIATOR']),
      'respondentRoles[1] DUPLICATE_ROLE',
    ],
    ['empty roles', withValue(base, ['respondentRoles'], []), 'respondentRoles EMPTY_VALUE'],
    [
      'scoring on a text',
      withValue(observationDay2, ['fields', 2, 'scoring'], { area: 'x', correct: ['y'] }),
      'fields[2].scoring SCORING_NOT_ALLOWED',
    ],
    [
      'correct answer not an option',
      withValue(skillsTest, ['fields', 1, 'scoring', 'correct'], ['ftp']),
      'fields[1].scoring.correct[0] SCORING_UNKNOWN_OPTION',
    ],
    ['settings not object', withValue(skillsTest, ['settings'], [1]), 'settings WRONG_TYPE'],
    ['anonymous not boolean', withValue(base, ['anonymous'], 'yes'), 'anonymous WRONG_TYPE'],
    [
      'huge key',
      withValue(base, ['fields', 0, 'key'], 'a'.repeat(100_000)),
      'fields[0].key TOO_LONG',
    ],
  ];

  it.each(cases)('reports %s', (_name, input, expected) => {
    const result = checkDefinition(input);
    expect(result.definition).toBeUndefined();
    expect(codesAt(input)).toContain(expected);
  });

  it('reports every problem of a definition at once', () => {
    const input = edited(observationDay2, (d) => {
      at(d, 'fields', 0).requried = true;
      at(d, 'fields', 1).options = [];
      at(d, 'fields', 4, 'fields', 1, 'fields', 0).key = 'Topic';
      at(d, 'fields', 5).rows = [];
      at(d).version = 'v1';
    });
    expect(codesAt(input)).toEqual(
      expect.arrayContaining([
        'fields[0].requried UNKNOWN_PROPERTY',
        'fields[1].options NO_OPTIONS',
        'fields[4].fields[1].fields[0].key INVALID_KEY',
        'fields[5].rows NO_ROWS',
        'version INVALID_VERSION',
      ]),
    );
  });

  it('suggests the intended property for a typo', () => {
    const [problem] = checkDefinition(withValue(minimal, ['fields', 0, 'requried'], true)).problems;
    expect(problem.message).toContain('did you mean "required"');
  });

  it('lists every member of a condition loop', () => {
    const input = edited(minimal, (d) => {
      at(d, 'fields', 0).visibleIf = { field: 'choice', equals: 'x' };
      at(d, 'fields', 1).visibleIf = { field: 'a', equals: true };
    });
    expect(codesAt(input)).toEqual([
      'fields[0].visibleIf CONDITION_CYCLE',
      'fields[1].visibleIf CONDITION_CYCLE',
    ]);
  });

  it('resolves conditions to fields declared later and to enclosing scopes', () => {
    const input = edited(minimal, (d) => {
      at(d, 'fields', 0).visibleIf = { field: 'choice', in: ['x', null] };
      (at(d).fields as unknown[]).push({
        key: 'items',
        type: 'repeat',
        label: { fr: 'Items' },
        privacy: 'none',
        fields: [
          {
            key: 'detail',
            type: 'short-text',
            label: { fr: 'Détail' },
            privacy: 'none',
            visibleIf: {
              any: [{ field: 'choice', equals: 'y' }, { not: { field: 'a', answered: true } }],
            },
          },
        ],
      });
    });
    expect(checkDefinition(input).problems).toEqual([]);
  });

  it('ignores prototype keys safely and reports them as unknown properties', () => {
    const json = JSON.stringify(minimal).replace(
      '"key":"a",',
      '"key":"a","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},',
    );
    const input: unknown = JSON.parse(json);
    expect(codesAt(input)).toEqual([
      'fields[0].__proto__ UNKNOWN_PROPERTY',
      'fields[0].constructor UNKNOWN_PROPERTY',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not read inherited properties as data', () => {
    const inherited = Object.create({ key: 'x', kind: 'y', version: '1.0.0' }) as object;
    expect(codesAt(inherited)).toEqual(
      expect.arrayContaining(['key MISSING_PROPERTY', 'kind MISSING_PROPERTY']),
    );
  });

  it('refuses settings keys that could pollute prototypes', () => {
    const input: unknown = JSON.parse(
      JSON.stringify({ ...minimal, settings: { nested: { x: 1 } } }).replace(
        '"x":1',
        '"__proto__":{"admin":true}',
      ),
    );
    expect(codesAt(input)).toEqual(['settings.nested.__proto__ FORBIDDEN_KEY']);
  });

  function nested(depth: number): Field {
    let field: Field = { key: 'leaf', type: 'boolean', label: { fr: 'F' }, privacy: 'none' };
    for (let level = 1; level < depth; level++) {
      field = {
        key: `g${level}`,
        type: 'group',
        label: { fr: 'G' },
        privacy: 'none',
        fields: [field],
      };
    }
    return field;
  }

  it(`accepts ${MAX_FIELD_DEPTH} levels of nesting and refuses more`, () => {
    expect(checkDefinition({ ...minimal, fields: [nested(MAX_FIELD_DEPTH)] }).problems).toEqual([]);
    expect(codesAt({ ...minimal, fields: [nested(MAX_FIELD_DEPTH + 1)] })).toEqual([
      `fields[0]${'.fields[0]'.repeat(MAX_FIELD_DEPTH - 1)}.fields TOO_DEEP`,
    ]);
  });

  it('survives hostile nesting without overflowing the stack', () => {
    expect(() => checkDefinition({ ...minimal, fields: [nested(20_000)] })).not.toThrow();
    let condition: unknown = { field: 'a', equals: true };
    for (let i = 0; i < 20_000; i++) condition = { not: condition };
    const fields = [minimal.fields[0], { ...minimal.fields[1], visibleIf: condition }];
    const result = checkDefinition({ ...minimal, fields });
    expect(result.problems.map((p) => p.code)).toEqual(['TOO_DEEP']);
    let settings: unknown = 1;
    for (let i = 0; i < 20_000; i++) settings = [settings];
    expect(checkDefinition({ ...minimal, settings: { deep: settings } }).problems[0].code).toBe(
      'TOO_DEEP',
    );
  });

  it('caps huge lists', () => {
    const options = Array.from({ length: 10_000 }, (_, i) => ({
      value: `v${i}`,
      label: { fr: 'V' },
    }));
    expect(codesAt(withValue(minimal, ['fields', 1, 'options'], options))).toEqual([
      'fields[1].options TOO_MANY',
    ]);
  });

  it('never throws and always explains, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (input) => {
        const result = checkDefinition(input);
        expect(result.problems.length > 0 || result.definition !== undefined).toBe(true);
        for (const problem of result.problems) {
          expect(problem.code).toMatch(/^[A-Z][A-Z_]+$/);
          expect(typeof problem.path).toBe('string');
          expect(problem.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports a problem for any random replacement inside a valid definition (property)', () => {
    // Replace one property somewhere in a fixture by random JSON: never a crash, and when the
    // result is still accepted, the definition returned is exactly the input.
    const paths = collectPaths(observationDay2);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
        const input = withValue(observationDay2, path, value);
        const result = checkDefinition(input);
        if (result.definition !== undefined) expect(result.definition).toBe(input);
        else expect(result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });
});

function collectPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => [
      [...prefix, index],
      ...collectPaths(item, [...prefix, index]),
    ]);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...collectPaths(item, [...prefix, key]),
    ]);
  }
  return [];
}
