import type { Field } from '@observatory/instrument-sdk';
import { fieldColumns } from './field-columns';

const label = (fr: string) => ({ fr });

const fields: Field[] = [
  {
    key: 'context',
    type: 'group',
    label: label('Contexte'),
    privacy: 'none',
    fields: [
      {
        key: 'date',
        type: 'date',
        label: label('Date'),
        privacy: 'quasi',
        generalisation: { kind: 'date-month' },
      },
      { key: 'notes', type: 'long-text', label: label('Notes'), privacy: 'free-text' },
    ],
  },
  { key: 'email', type: 'short-text', label: label('Courriel'), privacy: 'identifier' },
  {
    key: 'grid',
    type: 'matrix',
    label: label('Grille'),
    privacy: 'none',
    rows: [{ key: 'r1', label: label('Ligne 1') }],
    columns: [
      { key: 'c1', label: label('Col 1') },
      { key: 'c2', label: label('Col 2') },
    ],
    cell: { type: 'scale', min: 1, max: 5 },
  },
  {
    key: 'tools',
    type: 'multiple-choice',
    label: label('Outils'),
    privacy: 'none',
    options: [{ value: 'pc', label: label('Ordinateur') }],
  },
  {
    key: 'people',
    type: 'repeat',
    label: label('Personnes'),
    privacy: 'none',
    fields: [{ key: 'age', type: 'integer', label: label('Âge'), privacy: 'none' }],
  },
];

describe('fieldColumns', () => {
  it('flattens groups and matrices with dotted names and leaves repeats to the caller', () => {
    const { columns, repeats } = fieldColumns(fields, { verbatims: false });
    expect(columns.map((column) => column.name)).toEqual([
      'context.date',
      'grid.r1.c1',
      'grid.r1.c2',
      'tools',
    ]);
    expect(repeats.map((repeat) => repeat.path)).toEqual([['people']]);
    expect(columns[0]).toMatchObject({
      title: 'Contexte › Date',
      type: 'yearmonth',
      quasi: true,
      source: { kind: 'answer', path: ['context', 'date'] },
    });
    expect(columns[1]).toMatchObject({ title: 'Grille › Ligne 1 › Col 1', type: 'integer' });
    expect(columns[3].source).toEqual({ kind: 'answer', path: ['tools'], multiple: true });
  });

  it('exports free text only with verbatims, identifiers never', () => {
    const names = fieldColumns(fields, { verbatims: true }).columns.map((column) => column.name);
    expect(names).toContain('context.notes');
    expect(names).not.toContain('email');
  });

  it('drops a group marked identifier with its children', () => {
    const group: Field = { ...fields[0], privacy: 'identifier' } as Field;
    expect(fieldColumns([group], { verbatims: true }).columns).toEqual([]);
  });
});
