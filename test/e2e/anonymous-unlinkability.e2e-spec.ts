/**
 * The skills test against an attacker with the application's own database user (a role that is
 * not a superuser, owning the database, as the service runs). The attacker also knows the tokens
 * in the order they were issued (the admin's list) and watches every table after every request,
 * as someone reading the database continuously would; it cannot read the server secret.
 *
 * Tokens are issued, then used in a shuffled order, each anonymous answer followed by a named
 * one; the mixing job runs every few answers, as its schedule would. Then every link the issue
 * names is tried: columns, `xmin`, `ctid`, ids, timestamps, the outbox, the audit log, BullMQ's
 * tables (every table in fact, and every timestamp in it) and the logs. Each attack guesses, for
 * every stored answer, the rank at which its token was used or the token's issue position. The
 * guesses must be right no more often than chance within the mixed batches allow
 * (see test/support/linking-attacks.ts for the bound and the statistics).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { InstrumentDefinition, JsonObject } from '@observatory/instrument-sdk';
import { mixAnonymousAnswers } from '../support/anonymous-mixing';
import { createAppRoleDatabase } from '../support/app-role-database';
import { seedCampaign } from '../support/campaign-fixture';
import { chanceThreshold, ctidOrder, pairWithEvents, rankBy } from '../support/linking-attacks';
import { sampleAnswers } from '../support/sample-answers';
import { createTestApp, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const definition = (kind: string, key: string): InstrumentDefinition =>
  JSON.parse(
    fs.readFileSync(path.join(ROOT, 'instruments', kind, 'versions', `${key}@1.0.0.json`), 'utf8'),
  );
const PIC = definition('skills-test', 'techess-pic-test');
const MICROOBS = definition('questionnaire', 'microobs-mediators');

/** The batch size the mixing is configured with, and the number of anonymous answers. */
const M = 5;
const ANSWERS = 150;
/** Items 01–06 carry the respondent's index in base 3, so the test knows whose answer is whose. */
const DIGITS = 6;

function answersFor(index: number): JsonObject {
  const answers = sampleAnswers(PIC);
  for (let digit = 0, rest = index; digit < DIGITS; digit++, rest = Math.floor(rest / 3)) {
    answers[`item0${digit + 1}`] = ['a', 'b', 'c'][rest % 3];
  }
  return answers;
}

function indexOf(answers: JsonObject): number {
  let index = 0;
  for (let digit = DIGITS - 1; digit >= 0; digit--) {
    index = index * 3 + ['a', 'b', 'c'].indexOf(answers[`item0${digit + 1}`] as string);
  }
  return index;
}

/** A reproducible shuffle (the order in which respondents use their tokens). */
function shuffled(count: number, seed: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  let state = seed;
  for (let i = count - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

interface StoredAnswer {
  id: string;
  xmin: number;
  ctid: string;
  row: Record<string, unknown>;
  /** Truth: the token's issue position, and the rank at which it was used. */
  issue: number;
  spend: number;
}

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?/g;
const MS_TIME = /\b1[6-9]\d{11}\b/g;

/** Every timestamp a row holds, in ms. */
function timesIn(text: string): number[] {
  const iso = (text.match(ISO_TIME) ?? []).map((value) => Date.parse(value));
  const ms = (text.match(MS_TIME) ?? []).map(Number);
  return [...iso, ...ms].filter((value) => Number.isFinite(value));
}

describe('the anonymous skills test, against an observer with the application’s database user', () => {
  let api: TestApp;
  let attacker: Client;
  let logFile: string;
  let tokens: string[];
  const spendOrder = shuffled(ANSWERS, 20240517);
  /** When each step (one anonymous and one named submission) had finished, in ms. */
  const stepEnds: number[] = [];
  const batches: number[] = [];
  /** What the continuous observer recorded. */
  const xminFirstSeen = new Map<number, number>();
  const tokenRowXmins = new Map<number, string>();
  const tokenSpentAt = new Map<string, number>();
  let tokenState = new Map<string, number>();
  let issueOrderSeen: string[] = [];
  let stored: StoredAnswer[] = [];

  const tables = async (schema: string): Promise<string[]> =>
    (
      await attacker.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1`,
        [schema],
      )
    ).rows.map((row) => row.table_name);

  /** One look at the whole database, as a poller would take after each request. */
  const observe = async (step: number): Promise<void> => {
    for (const table of await tables('public')) {
      const { rows } = await attacker.query<{ x: string; t: string | null }>(
        `SELECT xmin::text AS x, ${/token/.test(table) ? 'token_hash' : 'NULL'} AS t FROM "${table}"`,
      );
      for (const row of rows) {
        const xmin = Number(row.x);
        if (!xminFirstSeen.has(xmin)) xminFirstSeen.set(xmin, step);
        if (row.t) tokenRowXmins.set(xmin, row.t);
      }
    }
    const { rows } = await attacker.query<{ h: string; x: string }>(
      `SELECT token_hash AS h, xmin::text AS x FROM anonymous_token`,
    );
    const now = new Map(rows.map((row) => [row.h, Number(row.x)]));
    for (const [hash, xmin] of tokenState) {
      if (!tokenSpentAt.has(hash) && now.get(hash) !== xmin) tokenSpentAt.set(hash, step);
    }
    tokenState = now;
  };

  beforeAll(async () => {
    const logDir = process.env.TEST_LOG_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'unlink-'));
    logFile = path.join(logDir, 'anonymous-unlinkability.log');
    const url = await createAppRoleDatabase();
    api = await createTestApp(
      {
        DEMO_DATA: 'false',
        LOG_LEVEL: 'debug',
        LOG_FILE: logFile,
        ANONYMOUS_BATCH_SIZE: String(M),
      },
      { databaseUrl: url },
    );
    attacker = new Client({ connectionString: url });
    await attacker.connect();
    await seedCampaign(api, {
      key: 'seminar-t',
      branches: ['insertion', 'animation'],
      phases: [
        { key: 'seminar', instrumentKeys: ['techess-pic-test'] },
        { key: 'q1', instrumentKeys: ['microobs-mediators'] },
      ],
    });
    const collector = (
      await api.gql<{ createApiKey: { secret: string } }>(
        `mutation { createApiKey(input: { name: "tablet", role: COLLECTOR, campaignKeys: ["seminar-t"] }) { secret } }`,
      )
    ).data!.createApiKey.secret;

    tokens = (
      await api.gql<{ issueAnonymousTokens: string[] }>(
        `mutation { issueAnonymousTokens(campaignKey: "seminar-t", instrumentKey: "techess-pic-test", count: ${ANSWERS}) }`,
      )
    ).data!.issueAnonymousTokens;
    await observe(-1);
    issueOrderSeen = (
      await attacker.query<{ h: string }>(
        `SELECT token_hash AS h FROM anonymous_token ORDER BY ctid`,
      )
    ).rows.map((row) => row.h);

    let nextMix = 3;
    for (const [step, index] of spendOrder.entries()) {
      const anonymous = await api.gql<{ submitAnonymous: { __typename: string } }>(
        'mutation ($input: AnonymousSubmitInput!) { submitAnonymous(input: $input) { __typename } }',
        {
          input: {
            token: tokens[index],
            instrumentKey: 'techess-pic-test',
            version: '1.0.0',
            campaignKey: 'seminar-t',
            phase: 'seminar',
            branch: 'insertion',
            respondentRole: 'MEDIATOR',
            answers: answersFor(index),
          },
        },
        null,
      );
      expect(anonymous.errors ?? anonymous.data?.submitAnonymous).toMatchObject({
        __typename: 'SubmissionAccepted',
      });
      const named = await api.gql<{ submit: { __typename: string } }>(
        'mutation ($input: SubmitInput!) { submit(input: $input) { __typename } }',
        {
          input: {
            clientSubmissionId: `named-${step}`,
            instrumentKey: 'microobs-mediators',
            version: '1.0.0',
            campaignKey: 'seminar-t',
            phase: 'q1',
            answers: sampleAnswers(MICROOBS, { seed: step }),
          },
        },
        collector,
      );
      expect(named.data?.submit.__typename).toBe('SubmissionAccepted');
      await observe(step);
      stepEnds[step] = Date.now();
      if (step === nextMix) {
        // The schedule's ticks fall anywhere between answers.
        batches.push(...(await mixAnonymousAnswers(api)));
        await observe(step);
        nextMix += 3 + (step % 7);
      }
    }
    batches.push(...(await mixAnonymousAnswers(api)));
    await observe(ANSWERS);
    // The outbox relayed and the aggregation ran: their traces are in the tables too.
    for (let wait = 0; wait < 200; wait++) {
      const { rows } = await attacker.query(`SELECT 1 FROM outbox_event WHERE sent_at IS NULL`);
      if (rows.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 2500));

    const rows = (
      await attacker.query<{ id: string; x: string; c: string; row: Record<string, unknown> }>(
        `SELECT id, xmin::text AS x, ctid::text AS c, to_jsonb(s) AS row FROM submission s WHERE anonymous`,
      )
    ).rows;
    stored = rows.map((row) => {
      const issue = indexOf(row.row.answers as JsonObject);
      return {
        id: row.id,
        xmin: Number(row.x),
        ctid: row.c,
        row: row.row,
        issue,
        spend: spendOrder.indexOf(issue),
      };
    });
  }, 600000);

  afterAll(async () => {
    await attacker?.end();
    await api?.close();
  });

  it('connects as a role that is not a superuser', async () => {
    const { rows } = await attacker.query(
      `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
    );
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
  });

  /** The batches as the observer sees them: the answers written by one transaction each. */
  const batchSizes = (): number[] => {
    const byXmin = new Map<number, number>();
    for (const answer of stored) byXmin.set(answer.xmin, (byXmin.get(answer.xmin) ?? 0) + 1);
    return [...byXmin.values()];
  };

  it('stores every answer exactly once, all in mixed batches of at least m', () => {
    expect(stored).toHaveLength(ANSWERS);
    expect(new Set(stored.map((answer) => answer.issue)).size).toBe(ANSWERS);
    // The worker's own schedule may have mixed a batch between the test's passes.
    expect(batches.reduce((sum, size) => sum + size, 0)).toBeLessThanOrEqual(ANSWERS);
    expect(Math.min(...batches)).toBeGreaterThanOrEqual(M);
    expect(Math.min(...batchSizes())).toBeGreaterThanOrEqual(M);
    expect(batchSizes().length).toBeGreaterThanOrEqual(batches.length);
  });

  /** Storage orders an attacker can sort the answers by. */
  const orders: Record<string, (a: StoredAnswer, b: StoredAnswer) => number> = {
    ctid: (a, b) => ctidOrder(a.ctid) - ctidOrder(b.ctid),
    xmin: (a, b) => a.xmin - b.xmin,
    id: (a, b) => a.id.localeCompare(b.id),
    written_xid: (a, b) => Number(a.row.written_xid ?? 0) - Number(b.row.written_xid ?? 0),
    record_key: (a, b) => String(a.row.record_key ?? '').localeCompare(String(b.row.record_key)),
    submitted_on: (a, b) => String(a.row.submitted_on).localeCompare(String(b.row.submitted_on)),
  };
  const stepOf = (time: number): number => {
    const index = stepEnds.findIndex((end) => end >= time);
    return index === -1 ? ANSWERS : index;
  };

  /** Right guesses of an attack, against the bound; reported whatever the outcome. */
  const score = (
    attack: string,
    guess: (answer: StoredAnswer) => number | undefined,
    truth: 'spend' | 'issue' = 'spend',
  ): { attack: string; right: number; limit: number } => {
    const right = stored.filter((answer) => guess(answer) === answer[truth]).length;
    return { attack, right, limit: chanceThreshold(batchSizes().length) };
  };
  const expectChance = (results: { attack: string; right: number; limit: number }[]) => {
    // Printed whatever the outcome: how close each attack came to the bound.
    console.log(
      results
        .map((r) => `${r.right}/${ANSWERS} right (chance limit ${r.limit}): ${r.attack}`)
        .join('\n'),
    );
    expect(results.filter((result) => result.right >= result.limit)).toEqual([]);
  };

  it('links nothing through transaction ids: an answer shares its xmin with no token row and no earlier write', () => {
    const issuePosition = new Map(issueOrderSeen.map((hash, position) => [hash, position]));
    const sha = new Map(
      tokens.map((token, index) => [
        createHash('sha256')
          .update(token.toUpperCase().replace(/[^0-9A-Z]/g, ''))
          .digest('hex'),
        index,
      ]),
    );
    expectChance([
      score('xmin = a token row’s xmin → when that token was used', (answer) => {
        const hash = tokenRowXmins.get(answer.xmin);
        return hash === undefined ? undefined : tokenSpentAt.get(hash);
      }),
      score(
        'xmin = a token row’s xmin → its issue position (table order at issue)',
        (answer) => {
          const hash = tokenRowXmins.get(answer.xmin);
          return hash === undefined ? undefined : issuePosition.get(hash);
        },
        'issue',
      ),
      score(
        'xmin = a token row’s xmin → the issued token whose SHA-256 it is',
        (answer) => {
          const hash = tokenRowXmins.get(answer.xmin);
          return hash === undefined ? undefined : sha.get(hash);
        },
        'issue',
      ),
      score('xmin first seen (any table) → the request it came with', (answer) =>
        xminFirstSeen.get(answer.xmin),
      ),
    ]);
  });

  it('links nothing through storage order: ctid, xmin, id, written_xid, record key, date', () => {
    expectChance(
      Object.entries(orders).flatMap(([name, order]) => [
        score(
          `${name} order = order of use`,
          (
            (ranks) => (answer: StoredAnswer) =>
              ranks.get(answer)
          )(rankBy(stored, () => 0, order)),
        ),
        score(
          `${name} order = issue order`,
          (
            (ranks) => (answer: StoredAnswer) =>
              ranks.get(answer)
          )(rankBy(stored, () => 0, order)),
          'issue',
        ),
      ]),
    );
  });

  it('links nothing through when an answer first appeared, to a watcher of every table', async () => {
    const firstSeen = new Map(stored.map((answer) => [answer, xminFirstSeen.get(answer.xmin)!]));
    expectChance(
      Object.entries(orders).map(([name, order]) =>
        score(
          `first seen, then ${name}`,
          (
            (ranks) => (answer: StoredAnswer) =>
              ranks.get(answer)
          )(rankBy(stored, (answer) => firstSeen.get(answer)!, order)),
        ),
      ),
    );
  });

  it('links nothing through the timestamps of any table: outbox, audit, aggregates, BullMQ', async () => {
    const results = [];
    for (const schema of ['public', 'bullmq']) {
      for (const table of await tables(schema)) {
        if (schema === 'public' && table === 'submission') continue;
        const { rows } = await attacker.query<{ j: string }>(
          `SELECT to_jsonb(t)::text AS j FROM "${schema}"."${table}" t`,
        );
        const events = rows
          .filter((row) => row.j.includes('techess-pic-test'))
          .map((row) => timesIn(row.j))
          .filter((times) => times.length > 0)
          .map((times) => stepOf(Math.min(...times)));
        if (events.length === 0) continue;
        for (const [name, order] of Object.entries(orders)) {
          const paired = pairWithEvents(stored, order, events);
          const ranks = rankBy(stored, (answer) => paired.get(answer)!, order);
          results.push(
            score(`${schema}.${table} times, paired in ${name} order`, (a) => ranks.get(a)),
          );
        }
      }
    }
    expect(results.length).toBeGreaterThan(0);
    expectChance(results);
  });

  it('links nothing through the logs, which hold no token and no answer id', () => {
    const lines = fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(ANSWERS);
    for (const token of tokens) {
      const bare = token.replace(/-/g, '');
      expect(lines.filter((line) => line.includes(token) || line.includes(bare))).toEqual([]);
    }
    const ids = new Set(stored.map((answer) => answer.id));
    expect(lines.filter((line) => [...ids].some((id) => line.includes(id)))).toEqual([]);
    const events = lines
      .filter((line) => /pic-test|anonymous/i.test(line))
      .map((line) => stepOf((JSON.parse(line) as { time: number }).time));
    expectChance(
      Object.entries(orders).map(([name, order]) => {
        const paired = pairWithEvents(stored, order, events);
        const ranks = rankBy(stored, (answer) => paired.get(answer)!, order);
        return score(`log lines, paired in ${name} order`, (answer) => ranks.get(answer));
      }),
    );
  });
});
