import { dataPackageDescriptor } from './data-package';
import type { ExportTable } from './export-types';

const table: ExportTable = {
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
  ],
};

describe('dataPackageDescriptor', () => {
  const descriptor = dataPackageDescriptor({
    name: 'TechESS Jour 2 — Export',
    title: 'TechESS, jour 2',
    resources: [{ table, path: 'submissions.csv', bytes: 120, sha256: 'AB12', rows: 3 }],
    provenance: { instrument: 'techess-observation-day2', versions: ['1.0.0'] },
    created: '2024-01-02T03:04:05Z',
  });

  it('is a tabular data package under Etalab 2.0 with provenance', () => {
    expect(descriptor).toMatchObject({
      profile: 'tabular-data-package',
      name: 'techess-jour-2-export',
      title: 'TechESS, jour 2',
      created: '2024-01-02T03:04:05Z',
      licenses: [
        {
          name: 'etalab-2.0',
          path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
          title: 'Licence Ouverte / Open Licence 2.0',
        },
      ],
      observatory: { instrument: 'techess-observation-day2', versions: ['1.0.0'] },
    });
  });

  it('describes each CSV resource with its hash, size and schema', () => {
    expect(descriptor.resources).toEqual([
      {
        profile: 'tabular-data-resource',
        name: 'submissions',
        title: 'Soumissions',
        path: 'submissions.csv',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        hash: 'sha256:ab12',
        bytes: 120,
        dialect: {
          delimiter: ',',
          lineTerminator: '\r\n',
          quoteChar: '"',
          doubleQuote: true,
          header: true,
        },
        schema: {
          fields: [{ name: 'submission_id', type: 'string', title: 'Soumission' }],
          missingValues: [''],
          primaryKey: ['submission_id'],
        },
        observatory: { rows: 3 },
      },
    ]);
  });
});
