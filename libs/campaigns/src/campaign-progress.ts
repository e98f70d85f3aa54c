/**
 * Progress of a campaign: what is expected (pairs × phases × instruments) combined with what the
 * submission table holds (counts from one grouped query). Pure: no database, no clock.
 */

export type SubmissionCountStatus = 'DRAFT' | 'COMPLETE';

/** One row of the grouped count over the campaign's submissions. */
export interface SubmissionCount {
  pairId: string | null;
  phaseKey: string | null;
  instrumentKey: string;
  anonymous: boolean;
  status: SubmissionCountStatus;
  count: number;
}

/** What progress needs to know of an instrument: from the definition of its latest version. */
export interface ProgressInstrument {
  /** Anonymous (skills test): its submissions cannot be linked to pairs, by design. */
  anonymous: boolean;
  /** Who answers; absent or empty means anyone. */
  respondentRoles?: readonly string[];
}

export interface ProgressInput {
  /** In campaign order (position). */
  phases: readonly { key: string; instrumentKeys: readonly string[] }[];
  pairs: readonly { id: string; code: string }[];
  /** By instrument key; an instrument missing here is treated as not anonymous, anyone answers. */
  instruments: ReadonlyMap<string, ProgressInstrument>;
  /** Number of registered participants: who is expected to take an anonymous instrument. */
  participantCount: number;
  counts: readonly SubmissionCount[];
}

export interface ProgressEntry {
  /** Null for an anonymous instrument (one entry per phase for the whole campaign). */
  pairCode: string | null;
  phaseKey: string;
  instrumentKey: string;
  /** The role expected to answer when the instrument has exactly one; null when both (or anyone). */
  respondentRole: string | null;
  expected: number;
  complete: number;
  drafts: number;
}

/**
 * Entries in phase order; within a phase, the instruments in the phase's order; for a linked
 * instrument one entry per pair (in the order given), for an anonymous one a single entry with
 * `pairCode: null`, `expected` = participants and the campaign-wide count of its anonymous
 * submissions (whatever their phase, since an anonymous submission may carry none).
 * A linked instrument expects one submission per pair and phase: a debrief answered by both
 * roles is one submission holding both columns.
 */
export function campaignProgress(input: ProgressInput): ProgressEntry[] {
  const linked = new Map<string, { complete: number; drafts: number }>();
  const anonymous = new Map<string, { complete: number; drafts: number }>();
  for (const row of input.counts) {
    let table: Map<string, { complete: number; drafts: number }>;
    let key: string;
    if (row.anonymous) {
      table = anonymous;
      key = row.instrumentKey;
    } else {
      if (row.pairId === null || row.phaseKey === null) continue;
      table = linked;
      key = linkedKey(row.pairId, row.phaseKey, row.instrumentKey);
    }
    const tally = table.get(key) ?? { complete: 0, drafts: 0 };
    if (row.status === 'COMPLETE') tally.complete += row.count;
    else tally.drafts += row.count;
    table.set(key, tally);
  }

  const entries: ProgressEntry[] = [];
  for (const phase of input.phases) {
    for (const instrumentKey of phase.instrumentKeys) {
      const instrument = input.instruments.get(instrumentKey) ?? { anonymous: false };
      const roles = instrument.respondentRoles ?? [];
      const respondentRole = roles.length === 1 ? roles[0] : null;
      if (instrument.anonymous) {
        const tally = anonymous.get(instrumentKey);
        entries.push({
          pairCode: null,
          phaseKey: phase.key,
          instrumentKey,
          respondentRole,
          expected: input.participantCount,
          complete: tally?.complete ?? 0,
          drafts: tally?.drafts ?? 0,
        });
        continue;
      }
      for (const pair of input.pairs) {
        const tally = linked.get(linkedKey(pair.id, phase.key, instrumentKey));
        entries.push({
          pairCode: pair.code,
          phaseKey: phase.key,
          instrumentKey,
          respondentRole,
          expected: 1,
          complete: tally?.complete ?? 0,
          drafts: tally?.drafts ?? 0,
        });
      }
    }
  }
  return entries;
}

function linkedKey(pairId: string, phaseKey: string, instrumentKey: string): string {
  return JSON.stringify([pairId, phaseKey, instrumentKey]);
}
