import type { ExportTable } from './export-types';
import { rowsFor, type ExportSubmission } from './row-values';

const submission: ExportSubmission = {
  id: '5b0f8a47-8f4b-4a43-9d61-2f1ac2f0a001',
  instrumentVersion: '1.0.0',
  campaignKey: 'techess-2023',
  phaseKey: null,
  respondentRole: 'MEDIATOR',
  branch: 'nantes',
  participantCode: 'RAW-CODE',
  pairCode: null,
  anonymous: false,
  status: 'COMPLETE',
  answers: {
    context: { date: '2023-05', count: 3, year: '2023' },
    tools: ['pc', 'phone'],
    none: [],
    mode: 'remote',
    stale: 'gone',
    people: [{ age: 30 }, 'not an item', { age: 'thirty' }],
  },
  derived: { total: { score: 12, max: 20 } },
  submittedOn: '2023-05-17',
  participant: 'p_0123456789abcdef0123',
  pair: null,
};

const submissions: ExportTable = {
  name: 'submissions',
  title: 'Soumissions',
  primaryKey: ['submission_id'],
  columns: [
    {
      name: 'submission_id',
      title: '',
      type: 'string',
      quasi: false,
      source: { kind: 'context', key: 'submission_id' },
    },
    {
      name: 'participant',
      title: '',
      type: 'string',
      quasi: false,
      source: { kind: 'context', key: 'participant' },
    },
    {
      name: 'pair',
      title: '',
      type: 'string',
      quasi: false,
      source: { kind: 'context', key: 'pair' },
    },
    {
      name: 'month',
      title: '',
      type: 'yearmonth',
      quasi: true,
      source: { kind: 'context', key: 'submitted_month' },
    },
    {
      name: 'date',
      title: '',
      type: 'yearmonth',
      quasi: true,
      source: { kind: 'answer', path: ['context', 'date'] },
    },
    {
      name: 'count',
      title: '',
      type: 'integer',
      quasi: false,
      source: { kind: 'answer', path: ['context', 'count'] },
    },
    {
      name: 'year',
      title: '',
      type: 'integer',
      quasi: true,
      source: { kind: 'answer', path: ['context', 'year'] },
    },
    {
      name: 'tools',
      title: '',
      type: 'string',
      quasi: false,
      source: { kind: 'answer', path: ['tools'], multiple: true },
    },
    {
      name: 'none',
      title: '',
      type: 'string',
      quasi: false,
      source: { kind: 'answer', path: ['none'], multiple: true },
    },
    {
      name: 'mode',
      title: '',
      type: 'string',
      categories: [{ value: 'remote', label: 'À distance' }],
      quasi: false,
      source: { kind: 'answer', path: ['mode'] },
    },
    {
      name: 'stale',
      title: '',
      type: 'string',
      categories: [{ value: 'kept', label: 'Gardée' }],
      quasi: false,
      source: { kind: 'answer', path: ['stale'] },
    },
    {
      name: 'missing',
      title: '',
      type: 'boolean',
      quasi: false,
      source: { kind: 'answer', path: ['nowhere', 'deep'] },
    },
    {
      name: 'total',
      title: '',
      type: 'integer',
      quasi: false,
      source: { kind: 'derived', path: ['total', 'score'] },
    },
  ],
};

describe('rowsFor', () => {
  it('writes one row per submission with pseudonyms, never the stored codes', () => {
    expect(rowsFor(submissions, submission)).toEqual([
      [
        submission.id,
        'p_0123456789abcdef0123',
        null,
        '2023-05',
        '2023-05',
        3,
        2023,
        'pc|phone',
        null,
        'remote',
        null,
        null,
        12,
      ],
    ]);
    expect(JSON.stringify(rowsFor(submissions, submission))).not.toContain('RAW-CODE');
  });

  it('writes one row per repeat item (items that are not objects give none), values that do not fit as null', () => {
    const block: ExportTable = {
      name: 'people',
      title: 'Personnes',
      repeatPath: ['people'],
      primaryKey: [],
      columns: [
        {
          name: 'age',
          title: '',
          type: 'integer',
          quasi: false,
          source: { kind: 'answer', path: ['age'] },
        },
      ],
    };
    expect(rowsFor(block, submission)).toEqual([[30], [null]]);
    expect(rowsFor(block, { ...submission, answers: {} })).toEqual([]);
  });
});
