import fc from 'fast-check';
import { Model } from 'survey-core';
import {
  checkDefinition,
  type Field,
  type InstrumentDefinition,
  type JsonObject,
} from '@observatory/instrument-sdk';
import { fillSurvey } from '../../../../test/support/survey-filler';
import { validateAnswers } from './answer-validation';
import { definitionArbitrary } from './definition-arbitrary';
import { observationDay2, validObservation } from './fixtures';
import { toSurveyJs } from './survey-js';
import { surveyJsQuestionOf, toAnswerShape, withSurveyJsQuestions } from './survey-js-data';
import { surveyJsNames } from './survey-js-names';
import { clone } from './test-helpers';

const text = (key: string, extra: Partial<Field> = {}): Field =>
  ({ key, type: 'short-text', label: { fr: key }, privacy: 'none', ...extra }) as Field;
const group = (key: string, fields: Field[], extra: Partial<Field> = {}): Field =>
  ({ key, type: 'group', label: { fr: key }, privacy: 'none', fields, ...extra }) as Field;
const repeat = (key: string, fields: Field[]): Field =>
  ({ key, type: 'repeat', label: { fr: key }, privacy: 'none', fields }) as Field;
const definitionOf = (fields: Field[]): InstrumentDefinition => ({
  key: 'shape',
  kind: 'questionnaire',
  version: '1.0.0',
  title: { fr: 'Forme' },
  fields,
});

/** Two `date` fields in one value scope, one in a group, and a repeat with groups inside. */
const colliding = definitionOf([
  text('date'),
  group('context', [group('placeAndDate', [text('date'), text('place')]), text('topic')]),
  repeat('items', [group('needs', [text('profile'), text('date')]), text('profile2')]),
]);

describe('surveyJsNames', () => {
  it('keeps a key unique in its value scope and names repeated keys by their path', () => {
    const names = [...surveyJsNames(colliding.fields).values()];
    expect(names).toEqual([
      'date',
      'context',
      'placeAndDate',
      'context-placeAndDate-date',
      'place',
      'topic',
      'items',
      // A repeat item is a value scope of its own: its `date` collides with nothing there.
      'needs',
      'profile',
      'date',
      'profile2',
    ]);
  });

  it('gives survey-core distinct questions for fields sharing a key', () => {
    const survey = new Model(toSurveyJs(colliding));
    survey.getQuestionByName('date').value = '2024-01-01';
    survey.getQuestionByName('context-placeAndDate-date').value = '2024-02-02';
    expect(survey.data).toEqual({ date: '2024-01-01', 'context-placeAndDate-date': '2024-02-02' });
  });
});

describe('toAnswerShape', () => {
  it('nests flattened group answers, in every value scope', () => {
    const data = {
      date: '2024-01-01',
      'context-placeAndDate-date': '2024-02-02',
      place: 'Nantes',
      topic: 'CAF',
      items: [{ profile: 'p', date: '2024-03-03', profile2: 'q' }, {}],
    };
    expect(toAnswerShape(colliding, data)).toEqual({
      answers: {
        date: '2024-01-01',
        context: { placeAndDate: { date: '2024-02-02', place: 'Nantes' }, topic: 'CAF' },
        items: [{ needs: { profile: 'p', date: '2024-03-03' }, profile2: 'q' }, {}],
      },
      problems: [],
      moved: true,
    });
  });

  it('leaves answers already in the answer shape as they are', () => {
    expect(toAnswerShape(observationDay2, validObservation)).toEqual({
      answers: validObservation,
      problems: [],
      // Nothing sits deeper than sent: the bounds checked on the input hold (SubmissionService).
      moved: false,
    });
  });

  it('says a value moved only when one was put under its groups', () => {
    expect(toAnswerShape(colliding, { items: [{ profile: 'p' }] }).moved).toBe(true);
    expect(toAnswerShape(colliding, { items: [{ needs: { profile: 'p' } }] }).moved).toBe(false);
    // Refused as answered twice: nothing was moved.
    expect(toAnswerShape(colliding, { context: { topic: 'a' }, topic: 'b' }).moved).toBe(false);
    expect(toAnswerShape(colliding, { extra: 1, place: null }).moved).toBe(false);
  });

  it('accepts both shapes mixed, and never mutates its input', () => {
    const data = {
      context: { topic: 'CAF' },
      place: 'Nantes',
      items: [{ needs: { profile: 'p' } }],
    };
    const before = clone(data);
    const { answers } = toAnswerShape(colliding, data);
    expect(answers).toEqual({
      context: { topic: 'CAF', placeAndDate: { place: 'Nantes' } },
      items: [{ needs: { profile: 'p' } }],
    });
    expect(data).toEqual(before);
  });

  it('refuses a field answered in both shapes', () => {
    const { problems } = toAnswerShape(colliding, {
      context: { topic: 'CAF' },
      topic: 'Impôts',
      items: [{ needs: { profile: 'a' }, profile: 'b' }],
    });
    expect(problems.map((problem) => [problem.path, problem.code])).toEqual([
      ['context.topic', 'DUPLICATE_ANSWER'],
      ['items[0].needs.profile', 'DUPLICATE_ANSWER'],
    ]);
  });

  it('keeps unknown keys (validation reports them) and skips empty SurveyJS values', () => {
    const { answers } = toAnswerShape(colliding, { extra: 1, place: null, topic: undefined });
    expect(answers).toEqual({ extra: 1 });
    expect(validateAnswers(colliding, answers, 'DRAFT').map((p) => p.code)).toEqual([
      'UNKNOWN_FIELD',
    ]);
  });

  it('keeps a __proto__ key as data, not as a prototype', () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}, "place": "x"}') as JsonObject;
    const { answers } = toAnswerShape(colliding, data);
    expect(Object.getPrototypeOf(answers)).toBe(Object.prototype);
    expect(Object.hasOwn(answers as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('passes non-objects through for validation to refuse', () => {
    expect(toAnswerShape(colliding, [1]).answers).toEqual([1]);
    expect(toAnswerShape(colliding, null).answers).toBeNull();
  });
});

describe('surveyJsQuestionOf', () => {
  it.each([
    ['date', 'date'],
    ['context.placeAndDate.date', 'context-placeAndDate-date'],
    ['context.placeAndDate', 'placeAndDate'],
    ['context.topic', 'topic'],
    ['items', 'items'],
    ['items[1]', 'items'],
    ['items[1].needs.profile', 'items[1].profile'],
    ['items[0].needs.date', 'items[0].date'],
    ['context.unknown', 'context'],
    ['unknown', undefined],
    ['', undefined],
  ])('%j belongs to %j', (path, question) => {
    expect(surveyJsQuestionOf(colliding, path)).toBe(question);
  });

  it('names the matrix for a cell and the choice question for a selected option', () => {
    expect(surveyJsQuestionOf(observationDay2, 'debrief.learned.mediator')).toBe('debrief');
    expect(
      withSurveyJsQuestions(observationDay2, [{ path: 'x', code: 'C', message: 'm' }]),
    ).toEqual([{ path: 'x', code: 'C', message: 'm' }]);
  });
});

describe('SurveyJS data of generated definitions (property)', () => {
  it('is accepted as it is, complete and as a draft', () => {
    fc.assert(
      fc.property(definitionArbitrary(), fc.integer({ min: 0, max: 8 }), (definition, limit) => {
        expect(checkDefinition(definition).problems).toEqual([]);
        const form = toSurveyJs(definition);

        const complete = new Model(form);
        fillSurvey(complete);
        // What SurveyJS itself accepts as complete...
        expect(complete.validate(false, false)).toBe(true);
        const shaped = toAnswerShape(definition, clone(complete.data));
        expect(shaped.problems).toEqual([]);
        // ...the service accepts too.
        expect(validateAnswers(definition, shaped.answers, 'COMPLETE')).toEqual([]);

        const draft = new Model(form);
        fillSurvey(draft, { limit });
        const partial = toAnswerShape(definition, clone(draft.data));
        expect(partial.problems).toEqual([]);
        expect(validateAnswers(definition, partial.answers, 'DRAFT')).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
