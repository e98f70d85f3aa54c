import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { contextColumns } from './context-columns';

const definition = (version: string): InstrumentDefinition => ({
  key: 'test',
  kind: 'questionnaire',
  version,
  title: { fr: 'Test' },
  fields: [],
});

describe('contextColumns', () => {
  it('starts every submissions table with the context, in order', () => {
    const columns = contextColumns([definition('1.0.0'), definition('1.1.0')]);
    expect(columns.map((column) => column.name)).toEqual([
      'submission_id',
      'instrument_version',
      'campaign',
      'phase',
      'respondent_role',
      'branch',
      'participant',
      'pair',
      'submitted_month',
    ]);
    // Key variables of disclosure control: everything but the row id and the pseudonyms.
    expect(columns.filter((column) => !column.quasi).map((column) => column.name)).toEqual([
      'submission_id',
      'participant',
      'pair',
    ]);
    expect(columns[1].categories?.map((category) => category.value)).toEqual(['1.0.0', '1.1.0']);
    expect(columns.find((column) => column.name === 'submitted_month')?.type).toBe('yearmonth');
  });
});
