import type { ExportTable } from './export-types';
import { tableSchema } from './table-schema';

const block: ExportTable = {
  name: 'beneficiaries',
  title: 'Bénéficiaires',
  repeatPath: ['beneficiaries'],
  primaryKey: ['submission_id', 'block_index'],
  foreignKey: {
    fields: ['submission_id'],
    reference: { resource: 'submissions', fields: ['submission_id'] },
  },
  columns: [
    {
      name: 'submission_id',
      title: 'Soumission',
      type: 'string',
      quasi: false,
      source: { kind: 'context', key: 'submission_id' },
    },
    {
      name: 'block_index',
      title: 'Bloc',
      type: 'integer',
      quasi: false,
      source: { kind: 'context', key: 'branch' },
    },
    {
      name: 'needs.gender',
      title: 'Genre',
      type: 'string',
      description: 'Genre déclaré.',
      categories: [{ value: 'feminin', label: 'Féminin' }],
      quasi: true,
      source: { kind: 'answer', path: ['needs', 'gender'] },
    },
    {
      name: 'needs.thematiques',
      title: 'Thématiques',
      type: 'string',
      categories: [{ value: 'email', label: 'E-mail' }],
      quasi: false,
      source: { kind: 'answer', path: ['needs', 'thematiques'], multiple: true },
    },
  ],
};

describe('tableSchema', () => {
  it('describes fields, keys and missing values (Table Schema v1)', () => {
    expect(tableSchema(block)).toEqual({
      fields: [
        { name: 'submission_id', type: 'string', title: 'Soumission' },
        { name: 'block_index', type: 'integer', title: 'Bloc' },
        {
          name: 'needs.gender',
          type: 'string',
          title: 'Genre',
          description: 'Genre déclaré.',
          constraints: { enum: ['feminin'] },
          categories: [{ value: 'feminin', label: 'Féminin' }],
        },
        {
          name: 'needs.thematiques',
          type: 'string',
          title: 'Thématiques',
          itemCategories: [{ value: 'email', label: 'E-mail' }],
        },
      ],
      missingValues: ['', '*'],
      primaryKey: ['submission_id', 'block_index'],
      foreignKeys: [
        {
          fields: ['submission_id'],
          reference: { resource: 'submissions', fields: ['submission_id'] },
        },
      ],
    });
  });

  it('lists only the empty string as missing when no column is quasi', () => {
    const plain = { ...block, columns: block.columns.slice(0, 2), foreignKey: undefined };
    expect(tableSchema(plain)).toEqual({
      fields: expect.any(Array),
      missingValues: [''],
      primaryKey: ['submission_id', 'block_index'],
    });
  });
});
