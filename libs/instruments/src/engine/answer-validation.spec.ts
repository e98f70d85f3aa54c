import fc from 'fast-check';
import type { InstrumentDefinition, JsonObject } from '@observatory/instrument-sdk';
import { validateAnswers } from './answer-validation';
import { clone } from './test-helpers';
import {
  observationDay2,
  satisfactionQuestionnaire,
  skillsTest,
  validObservation,
  validQuestionnaire,
  validSkills,
} from './fixtures';
import { comparePaths, DEFAULT_MAX_TEXT_LENGTH } from './shared';

function edit(base: JsonObject, change: (copy: JsonObject) => void): JsonObject {
  const copy = clone(base);
  change(copy);
  return copy;
}

type Item = JsonObject & { needs: JsonObject };
const item = (answers: JsonObject, index: number): Item => (answers.beneficiaries as Item[])[index];

function problems(
  definition: InstrumentDefinition,
  answers: unknown,
  mode: 'COMPLETE' | 'DRAFT' = 'COMPLETE',
) {
  return validateAnswers(definition, answers, mode).map((p) => `${p.path} ${p.code}`);
}

describe('validateAnswers', () => {
  it.each<[string, InstrumentDefinition, JsonObject]>([
    ['observation', observationDay2, validObservation],
    ['questionnaire', satisfactionQuestionnaire, validQuestionnaire],
    ['skills test', skillsTest, validSkills],
  ])('accepts valid %s answers', (_name, definition, answers) => {
    expect(validateAnswers(definition, answers, 'COMPLETE')).toEqual([]);
  });

  it.each([null, [], 'answers', 3])('refuses %p as answers', (answers) => {
    expect(problems(observationDay2, answers)).toEqual([' TYPE']);
  });

  const cases: [string, (copy: JsonObject) => void, string[]][] = [
    ['missing required root field', (a) => delete a.sessionDate, ['sessionDate REQUIRED']],
    ['null counts as absent', (a) => (a.sessionDate = null), ['sessionDate REQUIRED']],
    ['empty string is unanswered', (a) => (a.remoteTool = ''), ['remoteTool REQUIRED']],
    ['empty repeat is unanswered', (a) => (a.beneficiaries = []), ['beneficiaries REQUIRED']],
    ['wrong type', (a) => (a.durationMinutes = '90'), ['durationMinutes TYPE']],
    ['fractional duration', (a) => (a.durationMinutes = 1.5), ['durationMinutes TYPE']],
    ['negative duration', (a) => (a.durationMinutes = -1), ['durationMinutes OUT_OF_RANGE']],
    ['duration above max', (a) => (a.durationMinutes = 481), ['durationMinutes OUT_OF_RANGE']],
    ['malformed date', (a) => (a.sessionDate = '12/03/2024'), ['sessionDate TYPE']],
    ['impossible date', (a) => (a.sessionDate = '2024-02-30'), ['sessionDate TYPE']],
    ['date before min', (a) => (a.sessionDate = '2023-12-31'), ['sessionDate OUT_OF_RANGE']],
    [
      'unknown option',
      (a) => (a.mode = 'hybrid'),
      ['mode UNKNOWN_OPTION', 'remoteTool NOT_VISIBLE'],
    ],
    ['text too long', (a) => (a.remoteTool = 'x'.repeat(81)), ['remoteTool OUT_OF_RANGE']],
    ['unknown root field', (a) => (a.extra = 1), ['extra UNKNOWN_FIELD']],
    ['hidden field answered', (a) => (a.mode = 'onsite'), ['remoteTool NOT_VISIBLE']],
    ['hidden field null is fine', (a) => ((a.mode = 'onsite'), (a.remoteTool = null)), []],
    [
      'hidden required field absent is fine',
      (a) => {
        a.mode = 'onsite';
        delete a.remoteTool;
      },
      [],
    ],
    [
      'nested required in repeat group',
      (a) => delete item(a, 1).needs.request,
      ['beneficiaries[1].needs.request REQUIRED'],
    ],
    [
      'absent group: required children reported',
      (a) => delete (item(a, 0) as JsonObject).needs,
      ['beneficiaries[0].needs.request REQUIRED', 'beneficiaries[0].needs.topic REQUIRED'],
    ],
    [
      'group not an object',
      (a) => ((item(a, 0) as JsonObject).needs = 'x'),
      ['beneficiaries[0].needs TYPE'],
    ],
    [
      'repeat item not an object',
      (a) => ((a.beneficiaries as JsonObject[])[0] = 'x' as never),
      ['beneficiaries[0] TYPE'],
    ],
    [
      'item-scoped condition',
      (a) => delete item(a, 1).followUpDate,
      ['beneficiaries[1].followUpDate REQUIRED'],
    ],
    [
      'sibling condition in a group',
      (a) => (item(a, 0).needs.otherTopic = 'x'),
      ['beneficiaries[0].needs.otherTopic NOT_VISIBLE'],
    ],
    ['integer out of range', (a) => (item(a, 0).age = 121), ['beneficiaries[0].age OUT_OF_RANGE']],
    [
      'unknown key in item',
      (a) => (item(a, 0).name = 'Ada'),
      ['beneficiaries[0].name UNKNOWN_FIELD'],
    ],
    [
      'too many items',
      (a) => (a.beneficiaries = Array.from({ length: 13 }, () => item(validObservation, 0))),
      ['beneficiaries OUT_OF_RANGE'],
    ],
    [
      'missing matrix cell',
      (a) => delete (a.debrief as Record<string, JsonObject>).learned.mediator,
      ['debrief.learned.mediator REQUIRED'],
    ],
    [
      'missing matrix row',
      (a) => delete (a.debrief as JsonObject).questions,
      ['debrief.questions.mediator REQUIRED', 'debrief.questions.professional REQUIRED'],
    ],
    ['missing matrix', (a) => delete a.debrief, ['debrief REQUIRED']],
    [
      'unknown matrix row and column',
      (a) => {
        const debrief = a.debrief as Record<string, JsonObject>;
        debrief.extra = {};
        debrief.learned.observer = 'x';
      },
      ['debrief.extra UNKNOWN_FIELD', 'debrief.learned.observer UNKNOWN_FIELD'],
    ],
    [
      'matrix cell type',
      (a) => ((a.debrief as Record<string, JsonObject>).different.mediator = 3),
      ['debrief.different.mediator TYPE'],
    ],
    [
      'matrix row not an object',
      (a) => ((a.debrief as JsonObject).learned = 'x'),
      ['debrief.learned TYPE'],
    ],
  ];

  it.each(cases)('observation: %s', (_name, change, expected) => {
    expect(problems(observationDay2, edit(validObservation, change))).toEqual(expected);
  });

  const questionnaireCases: [string, (copy: JsonObject) => void, string[]][] = [
    ['in condition hides', (a) => (a.satisfaction = 4), ['dissatisfaction NOT_VISIBLE']],
    ['in condition requires', (a) => delete a.dissatisfaction, ['dissatisfaction REQUIRED']],
    [
      'scale out of range',
      (a) => ((a.satisfaction = 6), delete a.dissatisfaction),
      ['satisfaction OUT_OF_RANGE'],
    ],
    [
      'scale non-integer',
      (a) => (a.satisfaction = 2.5),
      ['dissatisfaction NOT_VISIBLE', 'satisfaction TYPE'],
    ],
    [
      'too many selected',
      (a) => (a.topics = ['email', 'health', 'jobs', 'security']),
      ['topics OUT_OF_RANGE'],
    ],
    [
      'selected twice',
      (a) => (a.topics = ['email', 'email']),
      ['securityDetail NOT_VISIBLE', 'topics[1] TYPE'],
    ],
    [
      'unknown selection',
      (a) => (a.topics = ['email', 'golf']),
      ['securityDetail NOT_VISIBLE', 'topics[1] UNKNOWN_OPTION'],
    ],
    [
      'selection not an array',
      (a) => (a.topics = 'email'),
      ['securityDetail NOT_VISIBLE', 'topics TYPE'],
    ],
    ['empty selection is unanswered', (a) => ((a.topics = []), delete a.securityDetail), []],
    ['number accepts decimals', (a) => (a.weeklyHours = 0.25), []],
    ['number above max', (a) => (a.weeklyHours = 169), ['weeklyHours OUT_OF_RANGE']],
    ['boolean as string', (a) => (a.recommend = 'true'), ['recommend TYPE']],
    [
      '__proto__ key',
      (a) => Object.defineProperty(a, '__proto__', { value: {}, enumerable: true }),
      ['__proto__ UNKNOWN_FIELD'],
    ],
    [
      'constructor key',
      (a) => Object.defineProperty(a, 'constructor', { value: {}, enumerable: true }),
      ['constructor UNKNOWN_FIELD'],
    ],
    ['odd key quoted in path', (a) => (a['a.b'] = 1), ['["a.b"] UNKNOWN_FIELD']],
  ];

  it.each(questionnaireCases)('questionnaire: %s', (_name, change, expected) => {
    expect(problems(satisfactionQuestionnaire, edit(validQuestionnaire, change))).toEqual(expected);
  });

  it('reads __proto__ from parsed JSON as an unknown field and pollutes nothing', () => {
    const answers: unknown = JSON.parse(
      '{"age": 20, "satisfaction": 5, "__proto__": {"polluted": 1}}',
    );
    expect(problems(satisfactionQuestionnaire, answers)).toEqual(['__proto__ UNKNOWN_FIELD']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('applies the default text length when the field sets none', () => {
    const answers = { ...validQuestionnaire, dissatisfaction: 'é'.repeat(DEFAULT_MAX_TEXT_LENGTH) };
    expect(problems(satisfactionQuestionnaire, answers)).toEqual([]);
    answers.dissatisfaction += 'x';
    expect(problems(satisfactionQuestionnaire, answers)).toEqual(['dissatisfaction OUT_OF_RANGE']);
  });

  it('counts text length in code points', () => {
    const answers = { ...validObservation, remoteTool: '😀'.repeat(80) };
    expect(problems(observationDay2, answers)).toEqual([]);
  });

  it('skips REQUIRED and minimum counts in DRAFT mode but keeps other checks', () => {
    const draft = { topics: ['email'], satisfaction: 9, age: 'x', extra: true };
    expect(problems(satisfactionQuestionnaire, draft, 'DRAFT')).toEqual([
      'age TYPE',
      'extra UNKNOWN_FIELD',
      'satisfaction OUT_OF_RANGE',
    ]);
    const short = { ...validQuestionnaire };
    const withMin: InstrumentDefinition = {
      ...satisfactionQuestionnaire,
      fields: satisfactionQuestionnaire.fields.map((f) =>
        f.key === 'topics' ? { ...f, minSelected: 2 } : f,
      ),
    };
    short.topics = ['email'];
    delete short.securityDetail;
    expect(problems(withMin, short, 'DRAFT')).toEqual([]);
    expect(problems(withMin, short, 'COMPLETE')).toEqual(['topics OUT_OF_RANGE']);
    expect(problems(observationDay2, {}, 'DRAFT')).toEqual([]);
  });

  it('reports minItems only in COMPLETE mode', () => {
    const definition: InstrumentDefinition = {
      ...observationDay2,
      fields: observationDay2.fields.map((f) => (f.type === 'repeat' ? { ...f, minItems: 3 } : f)),
    };
    expect(problems(definition, validObservation)).toEqual(['beneficiaries OUT_OF_RANGE']);
    expect(problems(definition, validObservation, 'DRAFT')).toEqual([]);
  });

  it('handles dotted-path conditions and matrices of scales and choices', () => {
    expect(
      problems(
        skillsTest,
        edit(validSkills, (a) => ((a.context as JsonObject).device = 'computer')),
      ),
    ).toEqual(['phoneTip NOT_VISIBLE']);
    expect(
      problems(
        skillsTest,
        edit(validSkills, (a) => delete a.context),
      ),
    ).toEqual(['context.device REQUIRED', 'phoneTip NOT_VISIBLE']);
    expect(
      problems(
        skillsTest,
        edit(validSkills, (a) => {
          a.confidence = { email: { before: 0, after: 2.5 }, forms: { before: '' } };
          a.preferred = { help: { now: 'mail' } };
        }),
      ),
    ).toEqual([
      'confidence.email.after TYPE',
      'confidence.email.before OUT_OF_RANGE',
      'confidence.forms.before TYPE',
      'preferred.help.now UNKNOWN_OPTION',
    ]);
  });

  it('sorts problems by path in natural order', () => {
    const many = Array.from({ length: 12 }, () => ({
      age: -1,
      needs: { topic: 'admin', request: 'x' },
    }));
    const result = validateAnswers(
      observationDay2,
      { ...validObservation, beneficiaries: many },
      'COMPLETE',
    );
    const paths = result.map((p) => p.path);
    expect(paths.indexOf('beneficiaries[2].age')).toBeLessThan(
      paths.indexOf('beneficiaries[10].age'),
    );
  });

  it('never throws and returns sorted, well-formed problems for any JSON (property)', () => {
    const codes = [
      'REQUIRED',
      'TYPE',
      'OUT_OF_RANGE',
      'UNKNOWN_OPTION',
      'UNKNOWN_FIELD',
      'NOT_VISIBLE',
    ];
    const keys = fc.constantFrom(
      'sessionDate',
      'mode',
      'remoteTool',
      'beneficiaries',
      'debrief',
      '__proto__',
      'x',
    );
    const answers = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.dictionary(keys, fc.jsonValue({ maxDepth: 4 })),
    );
    fc.assert(
      fc.property(
        answers,
        fc.constantFrom('COMPLETE' as const, 'DRAFT' as const),
        (value, mode) => {
          const result = validateAnswers(observationDay2, value, mode);
          for (const problem of result) expect(codes).toContain(problem.code);
          for (let i = 1; i < result.length; i++) {
            expect(comparePaths(result[i - 1].path, result[i].path)).toBeLessThanOrEqual(0);
          }
          if (mode === 'DRAFT') expect(result.map((p) => p.code)).not.toContain('REQUIRED');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('DRAFT problems are a subset of COMPLETE problems (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('age', 'satisfaction', 'topics', 'recommend', 'dissatisfaction'),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        (value) => {
          const complete = problems(satisfactionQuestionnaire, value, 'COMPLETE');
          for (const problem of problems(satisfactionQuestionnaire, value, 'DRAFT')) {
            expect(complete).toContain(problem);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
