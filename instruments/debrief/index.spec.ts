import type { Field, InstrumentDefinition, RespondentRole } from '@observatory/instrument-sdk';
import plugin, { checkDebrief } from './index';

const label = (fr: string) => ({ fr });

function matrix(columns: string[], key = 'questions'): Field {
  return {
    key,
    type: 'matrix',
    label: label('Questions'),
    privacy: 'free-text',
    rows: [{ key: 'ressenti', label: label('Ressenti') }],
    columns: columns.map((c) => ({ key: c, label: label(c) })),
    cell: { type: 'long-text' },
  };
}

const BOTH: RespondentRole[] = ['MEDIATOR', 'PROFESSIONAL'];

function debrief(fields: Field[], respondentRoles?: RespondentRole[]): InstrumentDefinition {
  return {
    key: 'techess-debrief',
    kind: 'debrief',
    version: '1.0.0',
    title: label('Débriefing'),
    fields,
    ...(respondentRoles ? { respondentRoles } : {}),
  };
}

describe('debrief plugin', () => {
  it('declares its kind and SDK range', () => {
    expect(plugin).toMatchObject({ kind: 'debrief', version: '1.0.0', sdkVersion: '^1.0.0' });
    expect(plugin.checkDefinition).toBe(checkDebrief);
    expect(plugin.checkAnswers).toBeUndefined();
  });

  it.each<[string, InstrumentDefinition, string[]]>([
    [
      'accepts a mediator × professional matrix',
      debrief([matrix(['mediator', 'professional'])], BOTH),
      [],
    ],
    [
      'accepts extra columns and a matrix inside a group',
      debrief(
        [
          {
            key: 'day2',
            type: 'group',
            label: label('Jour 2'),
            privacy: 'none',
            fields: [matrix(['professional', 'mediator', 'together'])],
          },
        ],
        ['PROFESSIONAL', 'MEDIATOR'],
      ),
      [],
    ],
    [
      'refuses a matrix without the professional column',
      debrief([matrix(['mediator'])], BOTH),
      ['fields DEBRIEF_MATRIX_REQUIRED'],
    ],
    [
      'refuses a debrief without a matrix',
      debrief(
        [{ key: 'notes', type: 'long-text', label: label('Notes'), privacy: 'free-text' }],
        BOTH,
      ),
      ['fields DEBRIEF_MATRIX_REQUIRED'],
    ],
    [
      'refuses a debrief the professional cannot answer',
      debrief([matrix(['mediator', 'professional'])], ['MEDIATOR']),
      ['respondentRoles ROLE_REQUIRED'],
    ],
    [
      'refuses a debrief that does not list its roles',
      debrief([matrix(['mediator', 'professional'])]),
      ['respondentRoles ROLE_REQUIRED'],
    ],
  ])('%s', (_name, definition, expected) => {
    expect(checkDebrief(definition).map((p) => `${p.path} ${p.code}`)).toEqual(expected);
  });

  it('names the missing role', () => {
    const [problem] = checkDebrief(debrief([matrix(['mediator', 'professional'])], ['MEDIATOR']));
    expect(problem.message).toContain('missing PROFESSIONAL');
  });
});
