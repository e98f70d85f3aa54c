import fc from 'fast-check';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import {
  checkSubmissionContext,
  type ContextRecord,
  type SubmissionContextInput,
} from './submission-context';

const NOW = new Date('2026-12-01T12:00:00Z');
const DEFINITION = {
  key: 'techess-debrief',
  kind: 'debrief',
  version: '1.0.0',
  respondentRoles: ['MEDIATOR'],
  fields: [],
} as unknown as InstrumentDefinition;

const mediator = { id: 'm1', code: 'M01', role: 'MEDIATOR', branch: 'insertion' };
const professional = { id: 'p1', code: 'P01', role: 'PROFESSIONAL', branch: null };
const RECORD: ContextRecord = {
  version: { status: 'PUBLISHED', definition: DEFINITION },
  instrumentExists: true,
  campaign: { key: 'techess', branches: [{ key: 'insertion', title: 'Insertion' }] },
  phase: { key: 'day1', opensAt: null, closesAt: null, instrumentKeys: ['techess-debrief'] },
  phaseCount: 2,
  pair: {
    id: 'pair1',
    code: 'M01+P01',
    mediatorId: 'm1',
    professionalId: 'p1',
    mediatorBranch: 'animation',
  },
  participant: mediator,
};
const INPUT: SubmissionContextInput = {
  instrumentKey: 'techess-debrief',
  version: '1.0.0',
  campaignKey: 'techess',
  phase: 'day1',
  pairCode: 'M01+P01',
  participantCode: 'M01',
};

const check = (
  record: Partial<ContextRecord>,
  input: Partial<SubmissionContextInput> = {},
  anonymous = false,
) =>
  checkSubmissionContext({ ...RECORD, ...record }, { ...INPUT, ...input }, { anonymous, now: NOW });
const codes = (outcome: ReturnType<typeof check>) =>
  outcome.problems.map((p) => `${p.path}:${p.code}`);

describe('checkSubmissionContext', () => {
  it('accepts a submission that fits, with the role and branch of its participant', () => {
    const outcome = check({});
    expect(outcome.problems).toEqual([]);
    expect(outcome.context).toMatchObject({
      definition: DEFINITION,
      phase: { key: 'day1' },
      pair: { id: 'pair1' },
      participant: { id: 'm1' },
      respondentRole: 'MEDIATOR',
      branch: 'insertion',
    });
  });

  it.each<[string, Partial<ContextRecord>, Partial<SubmissionContextInput>, string[]]>([
    [
      'unknown instrument',
      { version: null, instrumentExists: false },
      {},
      ['instrumentKey:UNKNOWN_INSTRUMENT'],
    ],
    ['unknown version', { version: null }, {}, ['version:UNKNOWN_VERSION']],
    [
      'retired version',
      { version: { status: 'RETIRED', definition: DEFINITION } },
      {},
      ['version:VERSION_RETIRED'],
    ],
    ['unknown campaign', { campaign: null }, {}, ['campaignKey:UNKNOWN_CAMPAIGN']],
    ['unknown phase', { phase: null }, {}, ['phase:UNKNOWN_PHASE']],
    [
      'no phase named where the campaign has some',
      { phase: null },
      { phase: null },
      ['phase:MISSING_CONTEXT'],
    ],
    [
      'closed phase',
      { phase: { ...RECORD.phase!, closesAt: new Date('2026-11-30T00:00:00Z') } },
      {},
      ['phase:PHASE_CLOSED'],
    ],
    [
      'phase not open yet',
      { phase: { ...RECORD.phase!, opensAt: new Date('2026-12-02T00:00:00Z') } },
      {},
      ['phase:PHASE_CLOSED'],
    ],
    [
      'instrument not in the phase',
      { phase: { ...RECORD.phase!, instrumentKeys: ['other'] } },
      {},
      ['instrumentKey:INSTRUMENT_NOT_IN_PHASE'],
    ],
    ['unknown pair', { pair: null }, {}, ['pairCode:UNKNOWN_PAIR']],
    ['unknown participant', { participant: null }, {}, ['participantCode:UNKNOWN_PARTICIPANT']],
    [
      'participant outside the pair',
      { participant: { ...mediator, id: 'm2', code: 'M02' } },
      {},
      ['participantCode:PARTICIPANT_NOT_IN_PAIR'],
    ],
    [
      'role other than the participant’s',
      {},
      { respondentRole: 'PROFESSIONAL' },
      ['respondentRole:ROLE_MISMATCH', 'respondentRole:ROLE_MISMATCH'],
    ],
    ['unknown role', {}, { respondentRole: 'BOSS' }, ['respondentRole:ROLE_MISMATCH']],
    [
      'role the instrument does not ask',
      { participant: professional },
      { participantCode: 'P01' },
      ['respondentRole:ROLE_MISMATCH'],
    ],
    ['unknown branch', {}, { branch: 'nowhere' }, ['branch:UNKNOWN_BRANCH']],
  ])('rejects: %s', (_, record, input, expected) => {
    const outcome = check(record, input);
    expect(codes(outcome)).toEqual(expected);
    expect(outcome.context).toBeUndefined();
  });

  it('refuses the other submission path for anonymous and named instruments', () => {
    expect(codes(check({}, {}, true))).toEqual(['instrumentKey:NOT_ANONYMOUS']);
    const anonymous = { ...DEFINITION, anonymous: true } as InstrumentDefinition;
    expect(codes(check({ version: { status: 'PUBLISHED', definition: anonymous } }))).toEqual([
      'instrumentKey:ANONYMOUS_INSTRUMENT',
    ]);
  });

  it('takes the branch of the pair’s mediator when neither the request nor the participant has one', () => {
    const outcome = check({ participant: { ...mediator, branch: null } });
    expect(outcome.context?.branch).toBe('animation');
    expect(check({}, { branch: 'insertion', participantCode: null }).context?.branch).toBe(
      'insertion',
    );
  });

  it('never throws, and either gives a context or says why not, whatever is missing', () => {
    const maybe = <T>(value: T) => fc.option(fc.constant(value), { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          version: maybe(RECORD.version),
          campaign: maybe(RECORD.campaign),
          phase: maybe(RECORD.phase),
          pair: maybe(RECORD.pair),
          participant: fc.constantFrom(null, mediator, professional),
        }),
        fc.record({
          phase: fc.constantFrom(null, 'day1'),
          pairCode: fc.constantFrom(null, 'M01+P01'),
          participantCode: fc.constantFrom(null, 'M01'),
          respondentRole: fc.constantFrom(null, 'MEDIATOR', 'PROFESSIONAL', ''),
          branch: fc.constantFrom(null, 'insertion', 'x'),
        }),
        (record, input) => {
          const outcome = check(record, input);
          expect(Boolean(outcome.context)).toBe(outcome.problems.length === 0);
          for (const found of outcome.problems) expect(found.message.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
