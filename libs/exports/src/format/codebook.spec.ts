import { codebookMarkdown } from './codebook';
import type { ExportLayout } from './export-types';

const layout: ExportLayout = {
  tables: [
    {
      name: 'submissions',
      title: 'Soumissions',
      primaryKey: ['submission_id'],
      columns: [
        {
          name: 'submission_id',
          title: 'Soumission',
          type: 'string',
          quasi: false,
          source: { kind: 'context', key: 'submission_id' },
        },
        {
          name: 'ageBand',
          title: 'Tranche | âge',
          type: 'string',
          description: 'Ligne 1\nligne 2',
          categories: [{ value: 'age-26-35', label: '26 à 35 ans' }],
          quasi: true,
          source: { kind: 'answer', path: ['ageBand'] },
        },
      ],
    },
  ],
};

describe('codebookMarkdown', () => {
  const text = codebookMarkdown(layout, {
    title: 'MicroOBS — médiateurs',
    instrumentVersions: [{ version: '1.0.0', checksum: 'abc123' }],
    campaign: 'microobs-2020',
    generatedAt: '2024-01-02T03:04:05Z',
    disclosure: ['k-anonymat k = 5 sur les quasi-identifiants'],
    suppressedRows: 2,
    suppressedCells: 7,
  });

  it('states provenance and disclosure control', () => {
    expect(text).toContain('# MicroOBS — médiateurs');
    expect(text).toContain('`1.0.0` — SHA-256 `abc123`');
    expect(text).toContain('`microobs-2020`');
    expect(text).toContain('- k-anonymat k = 5 sur les quasi-identifiants');
    expect(text).toContain('Suppressed rows : 2');
    expect(text).toContain('Suppressed cells : 7');
  });

  it('lists every column with its type, quasi flag and labelled categories', () => {
    expect(text).toContain('## Table `submissions` — Soumissions');
    expect(text).toContain(
      '| `ageBand` | Tranche \\| âge | string | oui / yes | Ligne 1 ligne 2 |',
    );
    expect(text).toContain('| `submission_id` | Soumission | string | non / no |  |');
    expect(text).toContain('- `age-26-35` : 26 à 35 ans');
  });
});
