import type { Field, InstrumentDefinition, RespondentRole } from '@observatory/instrument-sdk';
import plugin, { checkObservationGrid } from './index';

const label = (fr: string) => ({ fr });
const notes: Field = {
  key: 'notes',
  type: 'long-text',
  label: label('Notes'),
  privacy: 'free-text',
};
const place: Field = {
  key: 'lieu',
  type: 'single-choice',
  label: label('Lieu'),
  privacy: 'none',
  options: [{ value: 'bureau', label: label('Bureau') }],
};

function grid(fields: Field[], respondentRoles?: RespondentRole[]): InstrumentDefinition {
  return {
    key: 'techess-observation-day1',
    kind: 'observation-grid',
    version: '1.0.0',
    title: label('Grille'),
    fields,
    ...(respondentRoles ? { respondentRoles } : {}),
  };
}

describe('observation-grid plugin', () => {
  it('declares its kind and SDK range', () => {
    expect(plugin).toMatchObject({
      kind: 'observation-grid',
      version: '1.0.0',
      sdkVersion: '^1.0.0',
    });
    expect(plugin.checkDefinition).toBe(checkObservationGrid);
    expect(plugin.versionsDir).toMatch(/instruments[\\/]observation-grid[\\/]versions$/);
  });

  it.each<[string, InstrumentDefinition, string[]]>([
    ['accepts notes with no roles', grid([place, notes]), []],
    ['accepts the mediator as respondent', grid([notes], ['MEDIATOR']), []],
    ['accepts both roles', grid([notes], ['PROFESSIONAL', 'MEDIATOR']), []],
    [
      'accepts notes nested in a repeat',
      grid([
        { key: 'moments', type: 'repeat', label: label('M'), privacy: 'none', fields: [notes] },
      ]),
      [],
    ],
    [
      'accepts a matrix of text cells',
      grid([
        {
          key: 'prompts',
          type: 'matrix',
          label: label('P'),
          privacy: 'free-text',
          rows: [{ key: 'accueil', label: label('Accueil') }],
          columns: [{ key: 'note', label: label('Note') }],
          cell: { type: 'long-text' },
        },
      ]),
      [],
    ],
    [
      'refuses a grid the mediator cannot fill in',
      grid([notes], ['PROFESSIONAL']),
      ['respondentRoles ROLE_REQUIRED'],
    ],
    ['refuses a grid without notes', grid([place]), ['fields NOTES_FIELD_REQUIRED']],
    [
      'reports both problems at once',
      grid([place], ['PROFESSIONAL']),
      ['respondentRoles ROLE_REQUIRED', 'fields NOTES_FIELD_REQUIRED'],
    ],
  ])('%s', (_name, definition, expected) => {
    expect(checkObservationGrid(definition).map((p) => `${p.path} ${p.code}`)).toEqual(expected);
  });
});
