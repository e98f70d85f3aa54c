/**
 * Partner queries: `aggregate` under disclosure control (k = 5) by a PARTNER key over the campaign
 * of N submissions, at concurrency 16, against `{ __typename }` by the same key. Two queries: one
 * the aggregate tables answer (a top-level choice field), one they cannot (a cross-table by a
 * choice field, counted live over the jsonb rows). Every partner query is also audited (one row).
 */
import { AggregateQueryService } from '../../libs/aggregation/src';
import type { Principal } from '../../libs/auth/src';
import { FLOOR_BODY } from './ingest';
import {
  median,
  ratioOf,
  round,
  timed,
  type BenchContext,
  type Figure,
  type ScenarioResult,
} from '../figures';
import { runLoad, type LoadResult } from '../load';
import {
  campaignFor,
  ensureMicroobs,
  INSTRUMENT,
  partnerKey,
  recompute,
  SMALL_CAMPAIGN,
} from '../microobs';

const CONNECTIONS = 16;
/** The longest HTTP measurement of a slow (live) question, in seconds. */
const MAX_SLOW_SECONDS = 60;
const AGGREGATE = `query ($input: AggregateInput!) {
  aggregate(input: $input) { population suppressed reason suppressedCells source cells { group value count suppressed } }
}`;

export async function partner(ctx: BenchContext): Promise<ScenarioResult> {
  const { stack } = ctx;
  const { campaignKey } = await ensureMicroobs(ctx, ctx.n);
  if (campaignKey !== campaignFor(ctx.n)) throw new Error('bench: unexpected campaign');
  const key = await partnerKey(ctx, [campaignKey, SMALL_CAMPAIGN]);
  // Up to date tables, whatever ran before (the aggregation scenario adds one submission).
  await recompute(ctx, campaignKey);
  const headers = { authorization: `Bearer ${key}` };

  const queries = [
    {
      name: 'precomputed',
      label: 'aggregate `diploma` (from the aggregate tables)',
      input: { instrumentKey: INSTRUMENT, campaignKey, field: 'diploma' },
    },
    {
      name: 'live',
      label: 'aggregate `posture` by `mediationTime` (live over jsonb)',
      input: {
        instrumentKey: INSTRUMENT,
        campaignKey,
        field: 'posture',
        groupBy: ['mediationTime'],
      },
    },
  ];
  const figures: Figure[] = [];
  const runs: Record<string, LoadResult | unknown> = {};

  const floor = await runLoad({
    url: stack.url,
    connections: CONNECTIONS,
    duration: ctx.duration,
    headers,
    body: FLOOR_BODY,
  });
  runs.floor = floor;
  ctx.log(
    `partner floor c${CONNECTIONS}: ${round(floor.requestsPerSecond)} req/s p50 ${floor.latencyP50} p99 ${floor.latencyP99} ms`,
  );
  for (const query of queries) {
    const probe = await stack.gql<{ aggregate: { source: string; population: number } }>(
      AGGREGATE,
      { input: query.input },
      key,
    );
    if (probe.errors || !probe.data) {
      throw new Error(`bench: partner aggregate failed: ${JSON.stringify(probe.errors)}`);
    }
    runs[`probe-${query.name}`] = probe.data.aggregate;
    const body = JSON.stringify({ query: AGGREGATE, variables: { input: query.input } });
    // The same question asked in-process, one at a time: the service's own time, without HTTP,
    // GraphQL or queueing behind other requests.
    const service = stack.app.get(AggregateQueryService);
    const principal: Principal = {
      keyId: '00000000-0000-0000-0000-000000000000',
      name: 'bench',
      role: 'PARTNER',
      scope: { partnerKey: 'bench-partner' },
    };
    const sequential: number[] = [];
    for (let i = 0; i < 20; i++) {
      sequential.push((await timed(() => service.aggregate(principal, query.input))).ms);
    }
    runs[`${query.name}-in-process`] = sequential;
    // A slow question must be able to finish a few times at this concurrency within the run.
    const duration = Math.max(
      ctx.duration,
      Math.min(MAX_SLOW_SECONDS, Math.ceil((3 * median(sequential) * CONNECTIONS) / 1000)),
    );
    const timeoutSeconds = duration + 10;
    await runLoad({
      url: stack.url,
      connections: CONNECTIONS,
      duration: 2,
      headers,
      body,
      timeoutSeconds,
    });
    const load = await runLoad({
      url: stack.url,
      connections: CONNECTIONS,
      duration,
      headers,
      body,
      timeoutSeconds,
    });
    runs[query.name] = load;
    const failures = load.graphqlErrors + load.non2xx + load.errors + load.timeouts;
    const answered = load.requestsPerSecond * (1 - failures / Math.max(load.requests, 1));
    ctx.log(
      `partner ${query.name} c${CONNECTIONS}: ${round(answered)} q/s p50 ${load.latencyP50} p99 ${load.latencyP99} ms (source ${probe.data.aggregate.source}, failures ${failures})`,
    );
    const note =
      `source: ${probe.data.aggregate.source}; N = ${probe.data.aggregate.population}; ${load.requests} replies in ${duration} s` +
      (failures ? `; ${failures} failed: ${load.sampleError ?? ''}`.slice(0, 300) : '');
    figures.push(
      {
        scenario: 'partner',
        figure: `${query.label}, c${CONNECTIONS}: queries/s`,
        value: round(answered),
        unit: '/s',
        floor: round(floor.requestsPerSecond),
        floorLabel: '`{ __typename }` req/s',
        ratio: ratioOf(answered, floor.requestsPerSecond),
        note,
      },
      {
        scenario: 'partner',
        figure: `${query.label}, c${CONNECTIONS}: p50 latency`,
        value: load.latencyP50,
        unit: 'ms',
        floor: floor.latencyP50,
        floorLabel: '`{ __typename }` p50',
        ratio: ratioOf(load.latencyP50, floor.latencyP50),
      },
      {
        scenario: 'partner',
        figure: `${query.label}, c${CONNECTIONS}: p99 latency`,
        value: load.latencyP99,
        unit: 'ms',
        floor: floor.latencyP99,
        floorLabel: '`{ __typename }` p99',
        ratio: ratioOf(load.latencyP99, floor.latencyP99),
      },
      {
        scenario: 'partner',
        figure: `${query.label}: one query in-process, sequential`,
        value: round(median(sequential), 2),
        unit: 'ms',
        note: 'median of 20 calls of AggregateQueryService.aggregate, no HTTP, no concurrency',
      },
    );
  }
  return { figures, details: { campaignKey, runs } };
}
