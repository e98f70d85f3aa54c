import type { Field, InstrumentDefinition } from '@observatory/instrument-sdk';
import plugin, { checkQuestionnaire } from './index';

const label = (fr: string) => ({ fr });
const comment: Field = {
  key: 'comment',
  type: 'long-text',
  label: label('Commentaire'),
  privacy: 'free-text',
};

function questionnaire(fields: Field[]): InstrumentDefinition {
  return {
    key: 'microobs-mediators',
    kind: 'questionnaire',
    version: '1.0.0',
    title: label('Q'),
    fields,
  };
}

describe('questionnaire plugin', () => {
  it('declares its kind and adds no measure', () => {
    expect(plugin).toMatchObject({ kind: 'questionnaire', version: '1.0.0', sdkVersion: '^1.0.0' });
    expect(plugin.measures).toBeUndefined();
    expect(plugin.derive).toBeUndefined();
  });

  it.each<[string, Field[], boolean]>([
    [
      'a choice',
      [
        comment,
        {
          key: 'statut',
          type: 'single-choice',
          label: label('S'),
          privacy: 'none',
          options: [{ value: 'a', label: label('A') }],
        },
      ],
      true,
    ],
    ['an integer', [{ key: 'n', type: 'integer', label: label('N'), privacy: 'none' }], true],
    [
      'a date',
      [
        {
          key: 'd',
          type: 'date',
          label: label('D'),
          privacy: 'quasi',
          generalisation: { kind: 'date-month' },
        },
      ],
      true,
    ],
    [
      'a boolean nested in a group',
      [
        {
          key: 'g',
          type: 'group',
          label: label('G'),
          privacy: 'none',
          fields: [comment, { key: 'b', type: 'boolean', label: label('B'), privacy: 'none' }],
        },
      ],
      true,
    ],
    [
      'a matrix of scales',
      [
        {
          key: 'm',
          type: 'matrix',
          label: label('M'),
          privacy: 'none',
          rows: [{ key: 'r', label: label('R') }],
          columns: [{ key: 'c', label: label('C') }],
          cell: { type: 'scale', min: 1, max: 5 },
        },
      ],
      true,
    ],
    [
      'free text only',
      [comment, { key: 's', type: 'short-text', label: label('S'), privacy: 'free-text' }],
      false,
    ],
    [
      'a repeat of free text',
      [{ key: 'r', type: 'repeat', label: label('R'), privacy: 'none', fields: [comment] }],
      false,
    ],
    [
      'a matrix of text',
      [
        {
          key: 'm',
          type: 'matrix',
          label: label('M'),
          privacy: 'free-text',
          rows: [{ key: 'r', label: label('R') }],
          columns: [{ key: 'c', label: label('C') }],
          cell: { type: 'short-text' },
        },
      ],
      false,
    ],
  ])('with %s: aggregatable is %s', (_name, fields, accepted) => {
    const problems = checkQuestionnaire(questionnaire(fields));
    expect(problems.map((p) => p.code)).toEqual(accepted ? [] : ['AGGREGATABLE_FIELD_REQUIRED']);
  });
});
