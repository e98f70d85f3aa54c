import {
  campaignProgress,
  type ProgressEntry,
  type ProgressInput,
  type SubmissionCount,
} from './campaign-progress';

const INSTRUMENTS = new Map([
  ['obs-day1', { anonymous: false, respondentRoles: ['MEDIATOR'] }],
  ['debrief', { anonymous: false, respondentRoles: ['MEDIATOR', 'PROFESSIONAL'] }],
  ['pic', { anonymous: true, respondentRoles: ['MEDIATOR', 'PROFESSIONAL'] }],
]);
const PAIRS = [
  { id: 'pair-1', code: 'M01+P01' },
  { id: 'pair-2', code: 'M02+P02' },
];
const TECHESS: Omit<ProgressInput, 'counts'> = {
  phases: [
    { key: 'day1', instrumentKeys: ['obs-day1', 'debrief'] },
    { key: 'seminar', instrumentKeys: ['pic'] },
  ],
  pairs: PAIRS,
  instruments: INSTRUMENTS,
  participantCount: 4,
};

const count = (
  pairId: string | null,
  phaseKey: string | null,
  instrumentKey: string,
  status: 'DRAFT' | 'COMPLETE',
  n: number,
  anonymous = false,
): SubmissionCount => ({ pairId, phaseKey, instrumentKey, status, count: n, anonymous });

type Row = [string, string | null, number, number, number];
/** [pairCode, role, expected, complete, drafts] per entry, in order, for a compact table. */
const rows = (entries: ProgressEntry[]): Row[] =>
  entries.map((e) => [
    `${e.phaseKey}/${e.instrumentKey}/${e.pairCode ?? '-'}`,
    e.respondentRole,
    e.expected,
    e.complete,
    e.drafts,
  ]);

describe('campaignProgress', () => {
  it.each<[string, Omit<ProgressInput, 'counts'>, SubmissionCount[], Row[]]>([
    [
      'nothing submitted yet: every expected entry at zero',
      TECHESS,
      [],
      [
        ['day1/obs-day1/M01+P01', 'MEDIATOR', 1, 0, 0],
        ['day1/obs-day1/M02+P02', 'MEDIATOR', 1, 0, 0],
        ['day1/debrief/M01+P01', null, 1, 0, 0],
        ['day1/debrief/M02+P02', null, 1, 0, 0],
        ['seminar/pic/-', null, 4, 0, 0],
      ],
    ],
    [
      'complete and drafts counted apart, per pair × phase × instrument',
      TECHESS,
      [
        count('pair-1', 'day1', 'obs-day1', 'COMPLETE', 2),
        count('pair-1', 'day1', 'obs-day1', 'DRAFT', 1),
        count('pair-2', 'day1', 'debrief', 'DRAFT', 3),
        count(null, null, 'pic', 'COMPLETE', 3, true),
      ],
      [
        ['day1/obs-day1/M01+P01', 'MEDIATOR', 1, 2, 1],
        ['day1/obs-day1/M02+P02', 'MEDIATOR', 1, 0, 0],
        ['day1/debrief/M01+P01', null, 1, 0, 0],
        ['day1/debrief/M02+P02', null, 1, 0, 3],
        ['seminar/pic/-', null, 4, 3, 0],
      ],
    ],
    [
      'anonymous submissions are summed over the campaign whatever their phase',
      TECHESS,
      [
        count(null, 'seminar', 'pic', 'COMPLETE', 1, true),
        count(null, null, 'pic', 'COMPLETE', 2, true),
        count(null, null, 'pic', 'DRAFT', 1, true),
      ],
      [
        ['day1/obs-day1/M01+P01', 'MEDIATOR', 1, 0, 0],
        ['day1/obs-day1/M02+P02', 'MEDIATOR', 1, 0, 0],
        ['day1/debrief/M01+P01', null, 1, 0, 0],
        ['day1/debrief/M02+P02', null, 1, 0, 0],
        ['seminar/pic/-', null, 4, 3, 1],
      ],
    ],
    [
      'submissions outside the plan (other phase, other instrument, no pair) are ignored',
      TECHESS,
      [
        count('pair-1', 'day2', 'obs-day1', 'COMPLETE', 5),
        count('pair-1', 'day1', 'other', 'COMPLETE', 5),
        count(null, 'day1', 'obs-day1', 'COMPLETE', 5),
        count('pair-9', 'day1', 'obs-day1', 'COMPLETE', 5),
      ],
      [
        ['day1/obs-day1/M01+P01', 'MEDIATOR', 1, 0, 0],
        ['day1/obs-day1/M02+P02', 'MEDIATOR', 1, 0, 0],
        ['day1/debrief/M01+P01', null, 1, 0, 0],
        ['day1/debrief/M02+P02', null, 1, 0, 0],
        ['seminar/pic/-', null, 4, 0, 0],
      ],
    ],
    [
      'the same instrument in two phases is counted per phase',
      {
        ...TECHESS,
        pairs: [PAIRS[0]],
        phases: [
          { key: 'day1', instrumentKeys: ['debrief'] },
          { key: 'day2', instrumentKeys: ['debrief'] },
        ],
      },
      [
        count('pair-1', 'day1', 'debrief', 'COMPLETE', 1),
        count('pair-1', 'day2', 'debrief', 'DRAFT', 1),
      ],
      [
        ['day1/debrief/M01+P01', null, 1, 1, 0],
        ['day2/debrief/M01+P01', null, 1, 0, 1],
      ],
    ],
    [
      'no pairs: linked instruments give no entry, anonymous ones still do',
      { ...TECHESS, pairs: [], participantCount: 0 },
      [],
      [['seminar/pic/-', null, 0, 0, 0]],
    ],
    [
      'an instrument without a known definition is linked and open to anyone',
      { ...TECHESS, pairs: [PAIRS[0]], phases: [{ key: 'q1', instrumentKeys: ['unknown'] }] },
      [count('pair-1', 'q1', 'unknown', 'COMPLETE', 1)],
      [['q1/unknown/M01+P01', null, 1, 1, 0]],
    ],
    ['no phases: no entries', { ...TECHESS, phases: [] }, [], []],
  ])('%s', (_name, plan, counts, expected) => {
    expect(rows(campaignProgress({ ...plan, counts }))).toEqual(expected);
  });
});
