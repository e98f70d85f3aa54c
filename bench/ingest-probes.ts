/**
 * The check that a faster submit path still checks and stores exactly what it did: a fixed set of
 * probe requests (valid grids whose notes carry personal data for the scrubber, drafts, and
 * requests every check must refuse: a NUL in a text, a wrong type, answers nested too deep, an
 * oversized list, a missing required field, a retry, a conflicting retry) sent to each API under
 * test, then their replies and stored rows, and a sample of the rows stored by the load.
 *
 * Every API's record must equal the first one's (the current checkout on the first Node): same
 * replies, same stored answers, derived values, redactions, scrubber version and request hash.
 * The current checkout's stored rows must also equal what the engine and the scrubber produce
 * in-process (`SubmissionService.prepare`, `submitRequestHash`).
 */
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import type { InstrumentDefinition, JsonObject, JsonValue } from '@observatory/instrument-sdk';
import type { SubmissionService } from '@observatory/submissions';
import { submitRequestHash } from '../libs/submissions/src/request-hash';
import { sampleAnswers } from '../test/support/sample-answers';
import { DAY2, noteText } from './data';
import { gqlAt } from './stack';

/** Personal data a field note may carry, one kind of the scrubber each. */
const PERSONAL = [
  'Mme Martine Dupont rappelle au 06 12 34 56 78',
  'écrire à jean.dupont@example.org pour la suite',
  'habite 12 rue des Lilas, 44300 Nantes',
  'numéro de sécu 1 85 05 78 006 084 36 donné oralement',
  'IBAN FR76 3000 6000 0112 3456 7890 189 sur le courrier',
  'née le 12/03/1961, accompagnée par M. Karim Benali',
];

function personalNote(seed: number): (path: string) => string {
  const phrase = noteText(seed, 1);
  let turn = seed;
  return (path) => `${phrase(path)}, ${PERSONAL[turn++ % PERSONAL.length]}`;
}

function validGrid(seed: number): JsonObject {
  return sampleAnswers(DAY2, { fillOptional: true, seed, text: personalNote(seed) });
}

/** The first string leaf of the answers, replaced by `value`. */
function withFirstText(answers: JsonObject, value: JsonValue): JsonObject {
  const copy = structuredClone(answers);
  const replace = (node: JsonValue): boolean => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        if (typeof node[i] === 'string') return ((node[i] = value), true);
        if (replace(node[i])) return true;
      }
    } else if (node && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        if (typeof node[key] === 'string') return ((node[key] = value), true);
        if (replace(node[key])) return true;
      }
    }
    return false;
  };
  replace(copy);
  return copy;
}

function nested(depth: number): JsonValue {
  let value: JsonValue = 'fond';
  for (let i = 0; i < depth; i++) value = { niveau: value };
  return value;
}

export interface Probe {
  name: string;
  clientSubmissionId: string;
  status: 'COMPLETE' | 'DRAFT';
  answers: JsonObject;
}

export function probes(): Probe[] {
  const first = validGrid(1);
  const withoutFirstKey = structuredClone(first);
  delete withoutFirstKey[Object.keys(withoutFirstKey)[0]];
  const list: Omit<Probe, 'clientSubmissionId'>[] = [
    ...[1, 2, 3, 4, 5, 6].map((seed) => ({
      name: `valid grid ${seed}`,
      status: 'COMPLETE' as const,
      answers: validGrid(seed),
    })),
    {
      name: 'draft',
      status: 'DRAFT',
      answers: sampleAnswers(DAY2, { seed: 9, text: personalNote(9) }),
    },
    { name: 'NUL in a text', status: 'COMPLETE', answers: withFirstText(first, 'a\u0000b') },
    {
      name: 'lone surrogate in a key',
      status: 'COMPLETE',
      answers: { ...first, ['clé\ud800']: 'x' },
    },
    { name: 'number for a text', status: 'COMPLETE', answers: withFirstText(first, 42) },
    { name: 'nested too deep', status: 'COMPLETE', answers: { ...first, profond: nested(40) } },
    {
      name: 'list too long',
      status: 'COMPLETE',
      answers: { ...first, liste: Array.from({ length: 10_001 }, () => 1) },
    },
    { name: 'missing required field', status: 'COMPLETE', answers: withoutFirstKey },
  ];
  return [
    ...list.map((probe, i) => ({ ...probe, clientSubmissionId: `probe-${i + 1}` })),
    // A retry of the first grid (a duplicate), then other content under its id (a conflict).
    { ...list[0], name: 'retry', clientSubmissionId: 'probe-1' },
    { ...list[1], name: 'other content, same id', clientSubmissionId: 'probe-1' },
  ];
}

/** The probes' pair, seeded beside the load's pairs, which never use it. */
export const PROBE_PAIR: [string, string] = ['M99', 'P99'];
export const PROBE_CONTEXT = {
  instrumentKey: 'techess-observation-day2',
  version: '1.0.0',
  phase: 'day2',
  pairCode: PROBE_PAIR.join('+'),
  participantCode: PROBE_PAIR[0],
};

const SUBMIT = `mutation ($input: SubmitInput!) {
  submit(input: $input) {
    __typename
    ... on SubmissionAccepted {
      duplicate
      redactions { path kind count }
      submission { status answers derived }
    }
    ... on SubmissionRejected { errors { path code message } }
  }
}`;

/** What one API answered and stored for the probes, and a sample of what the load stored. */
export interface ProbeRecord {
  replies: { name: string; reply: unknown }[];
  stored: Record<string, unknown>[];
  loadSample: Record<string, unknown>[];
}

/** The stored columns that must not change (ids, keys and times differ from run to run). */
const STORED_COLUMNS = `client_submission_id, request_hash, instrument_key, instrument_version,
  phase_key, respondent_role, branch, status, anonymous, answers, derived, redactions,
  scrubber_version`;

export async function runProbes(
  url: string,
  databaseUrl: string,
  campaignKey: string,
  collectorKey: string,
): Promise<ProbeRecord> {
  const replies: ProbeRecord['replies'] = [];
  for (const probe of probes()) {
    const reply = await gqlAt(
      url,
      SUBMIT,
      {
        input: {
          ...PROBE_CONTEXT,
          campaignKey,
          clientSubmissionId: probe.clientSubmissionId,
          status: probe.status,
          answers: probe.answers,
        },
      },
      collectorKey,
    );
    replies.push({
      name: probe.name,
      reply: {
        status: reply.status,
        data: reply.data,
        errors: reply.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })),
      },
    });
  }
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    // Keyed hashes of the probes' client ids, in probe order (the key is the bench's secret).
    const { rows: stored } = await db.query<Record<string, unknown>>(
      `SELECT ${STORED_COLUMNS} FROM submission
        WHERE campaign_key = $1 AND pair_id = (SELECT id FROM pair WHERE campaign_key = $1 AND code = $2)
        ORDER BY created_at, client_submission_id`,
      [campaignKey, PROBE_CONTEXT.pairCode],
    );
    // The load's rows are all the same grid: a sample of 16, spread over the run.
    const { rows: loadSample } = await db.query<Record<string, unknown>>(
      `SELECT ${STORED_COLUMNS.replace('client_submission_id, request_hash,', '')} FROM submission
        WHERE campaign_key = $1 AND pair_id <> (SELECT id FROM pair WHERE campaign_key = $1 AND code = $2)
        ORDER BY client_submission_id LIMIT 16`,
      [campaignKey, PROBE_CONTEXT.pairCode],
    );
    return { replies, stored, loadSample };
  } finally {
    await db.end();
  }
}

/** One line per probe reply, for results.json: what each probe tested and what it got. */
export function probeOutcomes(record: ProbeRecord): Record<string, string> {
  const outcome = (reply: unknown): string => {
    const { data, errors } = reply as {
      data?: { submit?: Record<string, unknown> };
      errors?: { code?: string }[];
    };
    if (errors?.length) return `error ${errors.map((e) => e.code).join(', ')}`;
    const submit = data?.submit ?? {};
    if (submit.__typename === 'SubmissionRejected') {
      const problems = submit.errors as { path: string; code: string }[];
      return `rejected ${problems.map((p) => `${p.code} at ${p.path || '(root)'}`).join(', ')}`;
    }
    const redactions = (submit.redactions as { count: number }[] | undefined) ?? [];
    return `accepted${submit.duplicate ? ' (duplicate)' : ''}, ${redactions.reduce((n, r) => n + r.count, 0)} redactions`;
  };
  return Object.fromEntries(record.replies.map(({ name, reply }) => [name, outcome(reply)]));
}

/** Where `other` differs from `reference` (empty: the same checks, the same stored rows). */
export function probeDifferences(reference: ProbeRecord, other: ProbeRecord): string[] {
  const differences: string[] = [];
  reference.replies.forEach(({ name, reply }, i) => {
    if (!isDeepStrictEqual(reply, other.replies[i]?.reply)) {
      differences.push(
        `reply to "${name}": ${JSON.stringify(other.replies[i]?.reply).slice(0, 300)}`,
      );
    }
  });
  if (reference.stored.length !== other.stored.length) {
    differences.push(`${other.stored.length} probe rows stored, not ${reference.stored.length}`);
  }
  reference.stored.forEach((row, i) => {
    for (const column of Object.keys(row)) {
      if (!isDeepStrictEqual(row[column], other.stored[i]?.[column])) {
        differences.push(`stored probe row ${i + 1}: ${column} differs`);
      }
    }
  });
  // Every row of the load is the same request but for its ids: compare each with the first.
  for (const [i, row] of other.loadSample.entries()) {
    if (!isDeepStrictEqual(row, reference.loadSample[0])) {
      differences.push(`row ${i + 1} of the load sample differs`);
    }
  }
  if (!other.loadSample.length) differences.push('no row of the load stored');
  return differences;
}

/**
 * Where the current checkout's stored probes differ from what the engine and the scrubber
 * produce in this process, and the load's rows from the load's grid prepared the same way.
 */
export function engineDifferences(
  record: ProbeRecord,
  service: SubmissionService,
  definition: InstrumentDefinition,
  campaignKey: string,
  loadAnswers: JsonObject,
): string[] {
  const differences: string[] = [];
  const expected = (answers: JsonObject, status: 'COMPLETE' | 'DRAFT') => {
    const prepared = service.prepare(definition, answers, status);
    if ('errors' in prepared) return undefined;
    return {
      answers: prepared.answers,
      derived: prepared.derived,
      redactions: prepared.redactions,
      scrubber_version: prepared.scrubberVersion,
    };
  };
  // The probes stored, in order: each accepted new request once (retries store nothing new).
  const accepted = probes().filter(
    (probe, i, all) =>
      all.findIndex((p) => p.clientSubmissionId === probe.clientSubmissionId) === i &&
      expected(probe.answers, probe.status),
  );
  if (accepted.length !== record.stored.length) {
    differences.push(
      `${record.stored.length} probe rows stored, the engine accepts ${accepted.length}`,
    );
  }
  accepted.forEach((probe, i) => {
    const row = record.stored[i] ?? {};
    const want = expected(probe.answers, probe.status)!;
    for (const [column, value] of Object.entries(want)) {
      if (!isDeepStrictEqual(row[column], value)) {
        differences.push(`"${probe.name}": stored ${column} is not what the engine produces`);
      }
    }
    const hash = submitRequestHash({
      ...PROBE_CONTEXT,
      campaignKey,
      clientSubmissionId: probe.clientSubmissionId,
      status: probe.status,
      answers: probe.answers,
    });
    if (row.request_hash !== hash) differences.push(`"${probe.name}": request_hash differs`);
  });
  const load = expected(loadAnswers, 'COMPLETE');
  for (const [i, row] of record.loadSample.entries()) {
    for (const [column, value] of Object.entries(load ?? {})) {
      if (!isDeepStrictEqual(row[column], value)) {
        differences.push(
          `row ${i + 1} of the load sample: ${column} is not what the engine produces`,
        );
      }
    }
  }
  return differences;
}
