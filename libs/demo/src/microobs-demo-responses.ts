/**
 * The responses the `microobs-demo` campaign is seeded with: the 95 responses of the MicroOBS
 * report (microobs-report.ts: 64 complete, 31 partial, every table of the report exact), each
 * given a submission time between 7 December 2020 and 18 January 2021 (the report's span) and the
 * wave (Q1 to Q4, successive) that time falls in. The times come from a seeded generator: the
 * same 95 responses, the same times and waves, on every start and every machine.
 */
import { microobsReportResponses, type MicroobsResponseStatus } from './microobs-report';

export interface DemoResponse {
  /** Unique within the demo: makes seeding idempotent (`submit` treats a repeat as a duplicate). */
  clientSubmissionId: string;
  instrumentKey: string;
  version: string;
  phase: string;
  respondentRole: 'MEDIATOR';
  status: MicroobsResponseStatus;
  answers: Record<string, unknown>;
  /** When it is submitted (the phase window is checked against it; its day is stored). */
  submittedAt: Date;
}

/** A deterministic generator of numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 2020_12_07;
// Paris time, as the campaign's phase windows.
const FIRST_DAY = new Date('2020-12-07T09:00:00+01:00');
const LAST_DAY = new Date('2021-01-18T18:00:00+01:00');
/** The waves in turn: each starts on its day (Paris time) and runs until the next one starts. */
export const MICROOBS_WAVES: readonly { phase: string; from: Date }[] = [
  { phase: 'q1', from: new Date('2020-12-07T00:00:00+01:00') },
  { phase: 'q2', from: new Date('2020-12-17T00:00:00+01:00') },
  { phase: 'q3', from: new Date('2020-12-28T00:00:00+01:00') },
  { phase: 'q4', from: new Date('2021-01-08T00:00:00+01:00') },
];

/** The 95 demo responses in collection order (times ascending). A fresh copy on every call. */
export function microobsDemoResponses(): DemoResponse[] {
  const random = seededRandom(SEED);
  const span = LAST_DAY.getTime() - FIRST_DAY.getTime();
  const responses = microobsReportResponses();
  const times = responses
    .map(() => FIRST_DAY.getTime() + Math.floor(random() * span))
    .sort((a, b) => a - b);
  return responses.map((response, index) => {
    const submittedAt = new Date(times[index]);
    const wave = [...MICROOBS_WAVES].reverse().find((candidate) => candidate.from <= submittedAt)!;
    return {
      clientSubmissionId: `microobs-demo-${String(index + 1).padStart(2, '0')}`,
      instrumentKey: 'microobs-mediators',
      version: '1.0.0',
      phase: wave.phase,
      respondentRole: 'MEDIATOR',
      status: response.status,
      answers: response.answers,
      submittedAt,
    };
  });
}
