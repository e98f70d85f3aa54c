/**
 * The attacker's side of the red-team suites (test/e2e/red-team-*.e2e-spec.ts): a service with
 * data an admin controls, partners with their keys, and the GraphQL calls an attacking partner
 * makes. Releases advance only when a test publishes one, so each attack knows which release it
 * reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { createTestApp, errorCodes, type TestApp } from './test-app';
import { mixAnonymousAnswers } from './anonymous-mixing';

export const INSTRUMENTS = [
  'microobs-mediators',
  'techess-observation-day2',
  'techess-pic-test',
] as const;

export function builtinDefinition(kind: string, key: string): InstrumentDefinition {
  return JSON.parse(
    fs.readFileSync(
      path.resolve(__dirname, '../../instruments', kind, 'versions', `${key}@1.0.0.json`),
      'utf8',
    ),
  );
}

export interface PublishedCell {
  group: Record<string, string | null>;
  value: string | null;
  count: number | null;
  suppressed: boolean;
  reason: string | null;
  mean: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
}

export interface Answer {
  population: number | null;
  suppressed: boolean;
  reason: string | null;
  release: { number: number } | null;
  cells: PublishedCell[];
}

const AGGREGATE = `query ($input: AggregateInput!) {
  aggregate(input: $input) {
    population suppressed reason release { number }
    cells { group value count suppressed reason mean median q1 q3 }
  }
}`;
const SUBMIT = `mutation ($input: SubmitInput!) { submit(input: $input) { __typename ... on SubmissionRejected { errors { path code } } } }`;

/** What an attacking partner gets back: the answer, or the error codes. */
export interface Reply {
  answer?: Answer;
  codes: (string | undefined)[];
}

export class RedTeamWorld {
  private submissions = 0;

  private constructor(readonly api: TestApp) {}

  static async start(): Promise<RedTeamWorld> {
    const api = await createTestApp({ DEMO_DATA: 'false' });
    const world = new RedTeamWorld(api);
    for (const instrumentKey of INSTRUMENTS) {
      // Releases advance when the test says so (a schedule that comes once a year).
      await world.admin(
        'mutation ($input: ReleasePolicyInput!) { setReleasePolicy(input: $input) { schedule } }',
        { input: { instrumentKey, schedule: '0 0 1 1 *' } },
      );
    }
    return world;
  }

  close(): Promise<void> {
    return this.api.close();
  }

  async admin<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) {
    const reply = await this.api.gql<T>(query, variables);
    return reply;
  }

  /** A partner agreement and a PARTNER key for it. */
  async partner(
    key: string,
    agreement: { k?: number; instrumentKeys?: string[]; campaignKeys: string[]; level?: string },
  ): Promise<Attacker> {
    const created = await this.admin(
      'mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }',
      {
        input: {
          key,
          name: key,
          level: agreement.level ?? 'AGGREGATES',
          k: agreement.k ?? 5,
          instrumentKeys: agreement.instrumentKeys ?? [...INSTRUMENTS],
          campaignKeys: agreement.campaignKeys,
        },
      },
    );
    if (created.errors) throw new Error(JSON.stringify(created.errors));
    const secret = (
      await this.admin<{ createApiKey: { secret: string } }>(
        'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
        { input: { name: key, role: 'PARTNER', partnerKey: key } },
      )
    ).data!.createApiKey.secret;
    return new Attacker(this.api, secret);
  }

  /** Publishes a release of the instrument (CONFLICT when too few changed, unless forced). */
  async publish(instrumentKey: string, force = false): Promise<Reply & { number?: number }> {
    const reply = await this.admin<{ publishAggregateRelease: { number: number } }>(
      'mutation ($key: String!, $force: Boolean) { publishAggregateRelease(instrumentKey: $key, force: $force) { number } }',
      { key: instrumentKey, force },
    );
    return { number: reply.data?.publishAggregateRelease.number, codes: errorCodes(reply) };
  }

  async submit(input: Record<string, unknown>): Promise<void> {
    const reply = await this.api.gql<{ submit: { __typename: string } }>(SUBMIT, {
      input: { clientSubmissionId: `red-${this.submissions++}`, version: '1.0.0', ...input },
    });
    if (reply.data?.submit.__typename !== 'SubmissionAccepted') {
      throw new Error(`submission refused: ${JSON.stringify(reply)}`);
    }
  }

  /**
   * One skills test, stored at once: a token is issued for it alone, so that once it is spent no
   * usable token is left and the mixing stores the pool whole. That is the worst case for the
   * mixing (issue 12), so what these tests show is what releases and the memory protect on their
   * own.
   */
  async submitAnonymous(input: Record<string, unknown>): Promise<void> {
    const [token] = await this.tokens(
      input.campaignKey as string,
      input.instrumentKey as string,
      1,
    );
    const reply = await this.api.gql<{ submitAnonymous: { __typename: string } }>(
      'mutation ($input: AnonymousSubmitInput!) { submitAnonymous(input: $input) { __typename } }',
      { input: { version: '1.0.0', token, ...input } },
      null,
    );
    if (reply.data?.submitAnonymous.__typename !== 'SubmissionAccepted') {
      throw new Error(`anonymous submission refused: ${JSON.stringify(reply)}`);
    }
    await mixAnonymousAnswers(this.api);
  }

  async tokens(campaignKey: string, instrumentKey: string, count: number): Promise<string[]> {
    return (
      await this.admin<{ issueAnonymousTokens: string[] }>(
        'mutation ($c: String!, $i: String!, $n: Int!) { issueAnonymousTokens(campaignKey: $c, instrumentKey: $i, count: $n) }',
        { c: campaignKey, i: instrumentKey, n: count },
      )
    ).data!.issueAnonymousTokens;
  }

  /** The audit log of one partner, newest first. */
  async audit(
    partnerKey: string,
  ): Promise<{ outcome: string; request: Record<string, unknown> }[]> {
    return (
      await this.admin<{
        auditEvents: { outcome: string; request: Record<string, unknown> }[];
      }>('query ($p: String) { auditEvents(partnerKey: $p, first: 200) { outcome request } }', {
        p: partnerKey,
      })
    ).data!.auditEvents;
  }
}

export class Attacker {
  constructor(
    private readonly api: TestApp,
    readonly key: string,
  ) {}

  async aggregate(input: Record<string, unknown>): Promise<Reply> {
    const reply = await this.api.gql<{ aggregate: Answer }>(
      AGGREGATE,
      { input: { instrumentKey: 'microobs-mediators', ...input } },
      this.key,
    );
    return { answer: reply.data?.aggregate ?? undefined, codes: errorCodes(reply) };
  }
}

/** The published counts of an answer by (group, value), for subtracting two answers. */
export function countsOf(answer: Answer | undefined): Map<string, number | null> {
  return new Map(
    (answer?.cells ?? []).map((cell) => [JSON.stringify([cell.group, cell.value]), cell.count]),
  );
}

/** Skills-test answers with the first `correct` items right and the others wrong. */
export function picAnswers(
  definition: InstrumentDefinition,
  correct: number,
): Record<string, string> {
  return Object.fromEntries(
    definition.fields.map((field, i) => {
      const item = field as unknown as {
        key: string;
        options: { value: string }[];
        scoring: { correct: string[] };
      };
      const wrong = item.options.find((option) => !item.scoring.correct.includes(option.value))!;
      return [item.key, i < correct ? item.scoring.correct[0] : wrong.value];
    }),
  );
}
