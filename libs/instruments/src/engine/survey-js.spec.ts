import { Model, PanelModel, type Question } from 'survey-core';
import type { Field, InstrumentDefinition } from '@observatory/instrument-sdk';
import { validateAnswers } from './answer-validation';
import {
  allFixtures,
  conditionShowcase,
  observationDay2,
  satisfactionQuestionnaire,
  skillsTest,
  validObservation,
} from './fixtures';
import { toSurveyJs } from './survey-js';
import { toAnswerShape } from './survey-js-data';

interface ElementLike {
  name: string;
  getType(): string;
  elements?: ElementLike[];
  templateElements?: ElementLike[];
}

function names(elements: readonly ElementLike[]): string[] {
  return elements.map((element) => element.name);
}

/** Checks names level by level: panels for groups, dynamic panel templates for repeats. */
function expectSameShape(elements: readonly ElementLike[], fields: readonly Field[]): void {
  expect(names(elements)).toEqual(fields.map((field) => field.key));
  fields.forEach((field, index) => {
    const element = elements[index];
    if (field.type === 'group') {
      expect(element.getType()).toBe('panel');
      expectSameShape(element.elements ?? [], field.fields);
    } else if (field.type === 'repeat') {
      expect(element.getType()).toBe('paneldynamic');
      expectSameShape(element.templateElements ?? [], field.fields);
    }
  });
}

describe('toSurveyJs', () => {
  it.each(Object.entries(allFixtures))('builds a survey-core model for %s', (_name, definition) => {
    const survey = new Model(toSurveyJs(definition));
    expect(survey.jsonErrors ?? []).toEqual([]);
    expectSameShape(survey.pages[0].elements as unknown as ElementLike[], definition.fields);
  });

  it('maps each field type to its SurveyJS question type', () => {
    const survey = new Model(toSurveyJs(skillsTest));
    const types = Object.fromEntries(
      survey.getAllQuestions().map((q: Question) => [q.name, q.getType()]),
    );
    expect(types).toMatchObject({
      device: 'radiogroup',
      birthDate: 'text',
      q1: 'radiogroup',
      q2: 'checkbox',
      phoneTip: 'comment',
      confidence: 'matrixdropdown',
      preferred: 'matrixdropdown',
    });
    const questionnaire = new Model(toSurveyJs(satisfactionQuestionnaire));
    expect(questionnaire.getQuestionByName('satisfaction').getType()).toBe('rating');
    expect(questionnaire.getQuestionByName('recommend').getType()).toBe('boolean');
    expect(questionnaire.getQuestionByName('age').getPropertyValue('inputType')).toBe('number');
  });

  it('renders the matrix with rows, columns and cell types', () => {
    const json = toSurveyJs(observationDay2);
    const survey = new Model(json);
    const debrief = survey.getQuestionByName('debrief');
    expect(debrief.getType()).toBe('matrixdropdown');
    expect(debrief.rows.map((row: { value: string }) => row.value)).toEqual([
      'learned',
      'different',
      'questions',
    ]);
    expect(
      debrief.columns.map((c: { name: string; cellType: string }) => [c.name, c.cellType]),
    ).toEqual([
      ['mediator', 'comment'],
      ['professional', 'comment'],
    ]);
  });

  it('never leaks the answer key', () => {
    expect(JSON.stringify(toSurveyJs(skillsTest))).not.toMatch(/scoring|correct|information-data/);
  });

  it('uses the requested locale with a French fallback, and declares it', () => {
    expect(toSurveyJs(observationDay2, 'en')).toMatchObject({
      title: 'Observation grid — day 2',
      locale: 'en',
    });
    expect(toSurveyJs(skillsTest, 'en')).toMatchObject({
      title: 'Test de compétences numériques',
      locale: 'fr',
    });
    expect(new Model(toSurveyJs(skillsTest)).locale).toBe('fr');
  });

  it('clears a hidden answer at once, so a draft never carries one', () => {
    const survey = new Model(toSurveyJs(satisfactionQuestionnaire));
    expect(survey.clearInvisibleValues).toBe('onHidden');
    survey.setValue('satisfaction', 2);
    survey.getQuestionByName('dissatisfaction').value = 'Trop long';
    survey.setValue('satisfaction', 4);
    expect(survey.data).not.toHaveProperty('dissatisfaction');
  });

  it('checks a postcode in the form as anonymisation will', () => {
    const survey = new Model(toSurveyJs(satisfactionQuestionnaire));
    const postcode = survey.getQuestionByName('postcode');
    for (const [value, valid] of [
      ['abc', false],
      ['99999', false],
      ['44300', true],
    ] as const) {
      postcode.value = value;
      expect([value, postcode.validate(false)]).toEqual([value, valid]);
    }
  });

  it('translates conditions into working SurveyJS expressions', () => {
    const survey = new Model(toSurveyJs(observationDay2));
    const remoteTool = survey.getQuestionByName('remoteTool');
    survey.setValue('mode', 'onsite');
    expect(remoteTool.isVisible).toBe(false);
    survey.setValue('mode', 'remote');
    expect(remoteTool.isVisible).toBe(true);

    const questionnaire = new Model(toSurveyJs(satisfactionQuestionnaire));
    questionnaire.setValue('satisfaction', 2);
    expect(questionnaire.getQuestionByName('dissatisfaction').isVisible).toBe(true);
    questionnaire.setValue('satisfaction', 4);
    expect(questionnaire.getQuestionByName('dissatisfaction').isVisible).toBe(false);
    questionnaire.setValue('topics', ['security']);
    expect(questionnaire.getQuestionByName('securityDetail').isVisible).toBe(true);

    const skills = new Model(toSurveyJs(skillsTest));
    skills.setValue('device', 'phone');
    skills.setValue('q1', 'https');
    expect(skills.getQuestionByName('phoneTip').isVisible).toBe(true);
    skills.setValue('device', 'computer');
    expect(skills.getQuestionByName('phoneTip').isVisible).toBe(false);
  });

  it('scopes conditions inside repeats to the same item', () => {
    const survey = new Model(toSurveyJs(observationDay2));
    survey.data = {
      beneficiaries: [
        { followUp: true, topic: 'other' },
        { followUp: false, topic: 'admin' },
      ],
    };
    const repeat = survey.getQuestionByName('beneficiaries');
    const panels = repeat.panels as PanelModel[];
    expect(panels[0].getQuestionByName('followUpDate').isVisible).toBe(true);
    expect(panels[1].getQuestionByName('followUpDate').isVisible).toBe(false);
    expect(panels[0].getQuestionByName('otherTopic').isVisible).toBe(true);
    expect(panels[1].getQuestionByName('otherTopic').isVisible).toBe(false);
  });

  it('renders every condition form of the showcase as valid expressions', () => {
    const json = JSON.stringify(toSurveyJs(conditionShowcase));
    expect(json).toContain('{status} empty');
    expect(json).toContain("!(({status} = 'a' or {status} = 'c'))");
    expect(json).toContain("{flags} contains 'x'");
    expect(json).toContain('{panel.kind} notempty');
    const survey = new Model(JSON.parse(json));
    expect(survey.jsonErrors ?? []).toEqual([]);
    survey.setValue('status', 'a');
    expect(survey.getQuestionByName('note').isVisible).toBe(false);
    expect(survey.getQuestionByName('detail').isVisible).toBe(false);
  });

  it('escapes quotes in compared values', () => {
    const definition: InstrumentDefinition = {
      ...satisfactionQuestionnaire,
      fields: [
        {
          key: 'a',
          type: 'single-choice',
          label: { fr: 'A' },
          privacy: 'none',
          options: [{ value: "l'autre", label: { fr: 'L’autre' } }],
        },
        {
          key: 'b',
          type: 'boolean',
          label: { fr: 'B' },
          privacy: 'none',
          visibleIf: { field: 'a', equals: "l'autre" },
        },
      ],
    };
    const survey = new Model(toSurveyJs(definition));
    survey.setValue('a', "l'autre");
    expect(survey.getQuestionByName('b').isVisible).toBe(true);
  });

  it('maps SurveyJS data back to the answer shape', () => {
    // SurveyJS flattens groups (panels) into their parent object.
    const [first, second] = validObservation.beneficiaries as Record<
      string,
      Record<string, unknown>
    >[];
    const data = {
      ...validObservation,
      beneficiaries: [
        { ...first, ...first.needs, needs: undefined },
        { ...second, ...second.needs, needs: undefined },
      ],
    };
    const { answers } = toAnswerShape(observationDay2, JSON.parse(JSON.stringify(data)));
    expect(answers).toEqual(validObservation);
    expect(validateAnswers(observationDay2, answers, 'COMPLETE')).toEqual([]);
  });
});
