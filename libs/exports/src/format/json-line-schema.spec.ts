import Ajv2020 from 'ajv/dist/2020';
import type { ExportTable } from './export-types';
import { jsonLineSchema } from './json-line-schema';

const table: ExportTable = {
  name: 'submissions',
  title: 'Soumissions',
  primaryKey: ['submission_id'],
  columns: [
    {
      name: 'submission_id',
      title: 'Identifiant',
      type: 'string',
      quasi: false,
      source: { kind: 'context', key: 'submission_id' },
    },
    {
      name: 'submitted_month',
      title: 'Mois',
      type: 'yearmonth',
      quasi: true,
      source: { kind: 'context', key: 'submitted_month' },
    },
    {
      name: 'tools',
      title: 'Outils',
      type: 'string',
      quasi: false,
      categories: [
        { value: 'a', label: 'A' },
        { value: 'b|c', label: 'B ou C' },
      ],
      source: { kind: 'answer', path: ['tools'], multiple: true },
    },
    {
      name: 'age',
      title: 'Âge',
      type: 'integer',
      quasi: false,
      source: { kind: 'answer', path: ['age'] },
    },
  ],
};

describe('jsonLineSchema', () => {
  const validate = new Ajv2020({ strict: false }).compile(jsonLineSchema(table));
  const line = { submission_id: 'p_1', submitted_month: '2023-05', tools: ['b|c'], age: 31 };

  it.each([
    ['a complete line', line],
    [
      'nulls for no answer',
      { submission_id: 'p_1', submitted_month: null, tools: null, age: null },
    ],
    ['a masked quasi-identifier', { ...line, submitted_month: '*' }],
  ])('accepts %s', (_name, value) => {
    expect(validate(value)).toBe(true);
  });

  it.each([
    ['a joined multiple choice', { ...line, tools: 'a|b|c' }],
    ['an unknown option', { ...line, tools: ['z'] }],
    ['an empty selection', { ...line, tools: [] }],
    ['a missing column', { submission_id: 'p_1', submitted_month: null, tools: null }],
    ['an extra column', { ...line, extra: 1 }],
    ['a masked non-quasi column', { ...line, age: '*' }],
    ['a malformed month', { ...line, submitted_month: '2023-5' }],
  ])('refuses %s', (_name, value) => {
    expect(validate(value)).toBe(false);
  });
});
