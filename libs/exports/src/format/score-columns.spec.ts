import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { scoreColumns } from './score-columns';

const test = (points?: number): InstrumentDefinition => ({
  key: 'pic',
  kind: 'skills-test',
  version: '1.0.0',
  title: { fr: 'Test' },
  settings: { areas: [{ key: 'info', label: 'Information' }] },
  fields: [
    {
      key: 'q1',
      type: 'single-choice',
      label: { fr: 'Q1' },
      privacy: 'none',
      options: [{ value: 'a', label: { fr: 'A' } }],
      scoring: { area: 'info', correct: ['a'], ...(points === undefined ? {} : { points }) },
    },
  ],
});

describe('scoreColumns', () => {
  it('gives a skills test one integer column per area and a total', () => {
    const columns = scoreColumns(test());
    expect(columns.map((column) => [column.name, column.type, column.source])).toEqual([
      ['score.info', 'integer', { kind: 'derived', path: ['scores', 'info', 'score'] }],
      ['score.total', 'integer', { kind: 'derived', path: ['total', 'score'] }],
    ]);
    expect(columns[0].title).toBe('Score : Information');
  });

  it('writes decimal scores when an item scores fractional points', () => {
    expect(scoreColumns(test(0.5)).map((column) => column.type)).toEqual(['number', 'number']);
  });

  it('gives other kinds nothing', () => {
    expect(scoreColumns({ ...test(), kind: 'questionnaire' })).toEqual([]);
  });
});
