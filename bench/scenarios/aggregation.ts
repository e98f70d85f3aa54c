/**
 * Aggregation: `AggregateStateService.recompute` of one (instrument, campaign) of N MicroOBS
 * submissions, at every size of the ladder up to N (10k, 100k, 1M) so the growth shows. Floor: the
 * hand-written GROUP BY over the same jsonb rows. Then what one more submission costs: the
 * recompute of a small second campaign beside the big one, the time an admin's `aggregate` takes
 * to answer right after a new submission (tables plus the rows written since, in one statement),
 * and the incremental update (a delta) the worker then runs. Partners' releases: the first one
 * built from scratch, then the next one after five new submissions.
 */
import { randomUUID } from 'node:crypto';
import { AggregateStateService, ReleaseService } from '@observatory/aggregation';
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
import {
  campaignFor,
  ensureMicroobs,
  HAND_WRITTEN_GROUP_BY,
  INSTRUMENT,
  oneMicroobsAnswers,
  partnerKey,
  precomputedKeys,
  recompute,
  SMALL_CAMPAIGN,
  SMALL_ROWS,
} from '../microobs';

const LADDER = [10_000, 100_000, 1_000_000];
const RUNS = 3;
const AGGREGATE = `query ($input: AggregateInput!) {
  aggregate(input: $input) { population suppressed source computedAt cells { value count suppressed } }
}`;

export async function aggregation(ctx: BenchContext): Promise<ScenarioResult> {
  const { stack } = ctx;
  const keys = precomputedKeys();
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};

  const floorOnce = async (campaignKey: string) =>
    timed(
      async () =>
        (await stack.db.query(HAND_WRITTEN_GROUP_BY, [
          campaignKey,
          keys.single,
          keys.multiple,
        ])) as {
          n: string;
        }[],
    );
  const measure = async (campaignKey: string, runs: number) => {
    // One of each first, unmeasured: caches and plans warm for both alike.
    await floorOnce(campaignKey);
    await recompute(ctx, campaignKey);
    const floors: number[] = [];
    const recomputes: number[] = [];
    let floorRows: { n: string }[] = [];
    for (let i = 0; i < runs; i++) {
      const floor = await floorOnce(campaignKey);
      floors.push(floor.ms);
      floorRows = floor.result;
      recomputes.push((await timed(() => recompute(ctx, campaignKey))).ms);
    }
    // The floor must compute what the recompute writes, or the ratio means nothing.
    const [cells] = await stack.db.query(
      `SELECT count(*)::int AS cells, coalesce(sum(count), 0)::bigint AS total
         FROM aggregate_cell WHERE instrument_key = $1 AND campaign_key = $2`,
      [INSTRUMENT, campaignKey],
    );
    const floorTotal = floorRows.reduce((sum, row) => sum + Number(row.n), 0);
    const same = cells.cells === floorRows.length && Number(cells.total) === floorTotal;
    return {
      floorMs: median(floors),
      recomputeMs: median(recomputes),
      floors,
      recomputes,
      cells: cells.cells,
      same,
    };
  };

  const ladder = LADDER.filter((rows) => rows <= ctx.n);
  if (!ladder.includes(ctx.n)) ladder.push(ctx.n);
  for (const rows of ladder) {
    const { campaignKey, loadMs } = await ensureMicroobs(ctx, rows);
    const result = await measure(campaignKey, RUNS);
    details[campaignKey] = { rows, loadMs, ...result };
    ctx.log(
      `aggregation N=${rows}: recompute ${round(result.recomputeMs)} ms, hand-written GROUP BY ${round(result.floorMs)} ms (${result.cells} cells, same result: ${result.same})`,
    );
    const ratio = ratioOf(result.recomputeMs, result.floorMs);
    figures.push({
      scenario: 'aggregation',
      figure: `recompute aggregates, N = ${rows.toLocaleString('en')}`,
      value: round(result.recomputeMs),
      unit: 'ms',
      floor: round(result.floorMs),
      floorLabel: 'hand-written GROUP BY',
      ratio,
      goal: '≤ 2× floor',
      met: ratio <= 2 && result.same,
      note: result.same
        ? `median of ${RUNS}; ${result.cells} cells`
        : `median of ${RUNS}; the floor's cells differ from aggregate_cell`,
    });
    if (loadMs !== undefined) {
      figures.push({
        scenario: 'aggregation',
        figure: `bulk load (SQL, not the API), N = ${rows.toLocaleString('en')}`,
        value: round(rows / (loadMs / 1000)),
        unit: 'rows/s',
        note: 'setup, for scale only',
      });
    }
  }

  // A small second campaign: the cost of a recompute follows its campaign, not the table.
  await ensureMicroobs(ctx, SMALL_ROWS, SMALL_CAMPAIGN);
  const small = await measure(SMALL_CAMPAIGN, 5);
  details[SMALL_CAMPAIGN] = { rows: SMALL_ROWS, ...small };
  figures.push({
    scenario: 'aggregation',
    figure: `recompute a small campaign (${SMALL_ROWS} submissions) beside ${ctx.n.toLocaleString('en')}`,
    value: round(small.recomputeMs, 2),
    unit: 'ms',
    floor: round(small.floorMs, 2),
    floorLabel: 'hand-written GROUP BY',
    ratio: ratioOf(small.recomputeMs, small.floorMs),
    goal: '< 20 ms',
    met: small.recomputeMs < 20,
    note: 'median of 5',
  });

  // One more submission to the big campaign, through the API, then a partner's aggregate.
  const main = campaignFor(ctx.n);
  const partner = await partnerKey(ctx, [main, SMALL_CAMPAIGN]);
  // An admin's exact, live figures (partners read releases: see the partner scenario).
  const ask = () =>
    stack.gql<{ aggregate: { source: string; population: number } }>(AGGREGATE, {
      input: { instrumentKey: INSTRUMENT, campaignKey: main, field: 'diploma' },
    });
  // The first release of everything loaded, built from scratch.
  const releases = stack.app.get(ReleaseService);
  const firstRelease = await timed(() => releases.advance(INSTRUMENT, 'ADMIN', { force: true }));
  await recompute(ctx, main);
  const before = await ask();
  const fresh = await timed(ask);
  const trivial = await timed(async () => {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${partner}` },
      body: FLOOR_BODY,
    });
    await response.text();
  });
  const submitOne = async (): Promise<void> => {
    const submitted = await stack.gql<{ submit: { __typename: string } }>(
      `mutation ($input: SubmitInput!) { submit(input: $input) { __typename ... on SubmissionRejected { errors { path code message } } } }`,
      {
        input: {
          clientSubmissionId: `bench-one-more-${randomUUID()}`,
          instrumentKey: INSTRUMENT,
          version: '1.0.0',
          campaignKey: main,
          phase: 'q1',
          answers: oneMicroobsAnswers(ctx),
        },
      },
    );
    if (submitted.data?.submit.__typename !== 'SubmissionAccepted') {
      throw new Error(`bench: the extra submission failed: ${JSON.stringify(submitted)}`);
    }
  };
  // Five times: one more submission, a partner's aggregate right after it (the tables plus the
  // rows since), then the incremental update the worker would run.
  const aggregates = stack.app.get(AggregateStateService);
  const afters: { ms: number; source?: string; population?: number }[] = [];
  const deltas: number[] = [];
  const kinds = new Set<string>();
  for (let i = 0; i < 5; i++) {
    await submitOne();
    const answered = await timed(ask);
    afters.push({
      ms: answered.ms,
      source: answered.result.data?.aggregate.source,
      population: answered.result.data?.aggregate.population,
    });
    const refresh = await timed(() =>
      aggregates.refresh({ instrumentKey: INSTRUMENT, campaignKey: main }),
    );
    kinds.add(refresh.result);
    deltas.push(refresh.ms);
  }
  // The next release: five respondents changed since the first.
  const nextRelease = await timed(() => releases.advance(INSTRUMENT, 'ADMIN'));
  const deltaMs = median(deltas);
  const afterMs = median(afters.map((a) => a.ms));
  const sources = [...new Set(afters.map((a) => a.source))].join(', ');
  const populations = afters.map((a) => a.population);
  const exact = populations.every((p, i) => p === (before.data?.aggregate.population ?? 0) + i + 1);
  details.oneMore = {
    sourceBefore: before.data?.aggregate.source,
    populationBefore: before.data?.aggregate.population,
    freshPrecomputedMs: fresh.ms,
    trivialRoundTripMs: trivial.ms,
    after: afters,
    refreshMs: deltas,
    refreshKinds: [...kinds],
  };
  ctx.log(
    `aggregation one more: aggregate right after ${round(afterMs, 1)} ms (${sources}, populations ${before.data?.aggregate.population} → ${populations.join(', ')}); incremental update ${round(deltaMs, 2)} ms (${[...kinds].join(', ')})`,
  );
  figures.push(
    {
      scenario: 'aggregation',
      figure: `incremental update after one more submission (N = ${ctx.n.toLocaleString('en')})`,
      value: round(deltaMs, 2),
      unit: 'ms',
      goal: '< 20 ms',
      met: deltaMs < 20 && kinds.size === 1 && kinds.has('delta'),
      note: `median of 5 AggregateStateService.refresh calls, each right after one submission through the API (${[...kinds].join(', ')})`,
    },
    {
      scenario: 'aggregation',
      figure: `build the first release for partners, from scratch (${firstRelease.result.advanced ? firstRelease.result.release.respondents.toLocaleString('en') : '?'} respondents)`,
      value: round(firstRelease.ms),
      unit: 'ms',
      note: 'ReleaseService.advance: every COMPLETE submission copied with its aggregatable answers only (once per instrument)',
    },
    {
      scenario: 'aggregation',
      figure: `next release after five new submissions (N = ${ctx.n.toLocaleString('en')})`,
      value: round(nextRelease.ms, 1),
      unit: 'ms',
      goal: '< 1,000 ms',
      met: nextRelease.ms < 1000 && nextRelease.result.advanced,
      note: `ReleaseService.advance: count the changes against the live data, copy the five new members (${nextRelease.result.advanced ? `release ${nextRelease.result.release.number}` : 'not advanced'})`,
    },
    {
      scenario: 'aggregation',
      figure: `admin aggregate right after one more submission (N = ${ctx.n.toLocaleString('en')})`,
      value: round(afterMs, 1),
      unit: 'ms',
      floor: round(trivial.ms, 1),
      floorLabel: 'one `{ __typename }` round trip',
      ratio: ratioOf(afterMs, trivial.ms),
      goal: '< 20 ms',
      met: afterMs < 20 && sources === 'precomputed' && exact,
      note: `median of 5, each right after one submission through the API; answered ${sources}: the tables plus the submissions written since their snapshot, population exact each time: ${exact}; the same query before any: ${round(fresh.ms, 1)} ms`,
    },
  );
  return { figures, details };
}
