/**
 * Partner queries: `aggregate` by a PARTNER key (agreement k = 5) over the campaign of N
 * submissions, answered from a release held in memory, for every kind of grouping a partner may
 * ask: none, a multiple choice, a context dimension, a choice field, a two-field cross-table, a
 * filter. For each: the exact counts computed from the release (what an unperturbed answer costs),
 * the protection of those counts (cell-key perturbation, dominance, groups under k), the whole
 * query in-process (sequential), and over HTTP at concurrency 16 against `{ __typename }` by the
 * same key. Also timed once: loading the release into memory.
 * Every partner query writes an audit row, as in production.
 */
import { AggregateQueryService, ReleaseService } from '@observatory/aggregation';
import { ReleaseCache } from '../../libs/aggregation/src/release/release-cache';
import {
  tableStats,
  type TableDimension,
  type TableQuery,
} from '../../libs/aggregation/src/release/release-table';
import type {
  CategoricalColumn,
  ContextColumn,
} from '../../libs/aggregation/src/release/release-data';
import { publishCountRow } from '@observatory/anonymisation';
import type { Principal } from '@observatory/auth';
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
import { campaignFor, ensureMicroobs, INSTRUMENT, partnerKey, SMALL_CAMPAIGN } from '../microobs';

const CONNECTIONS = 16;
const GOAL_MS = 20;
const AGGREGATE = `query ($input: AggregateInput!) {
  aggregate(input: $input) { population suppressed release { number } suppressedCells cells { group value count suppressed } }
}`;

interface Question {
  name: string;
  label: string;
  field: string;
  groupBy?: string[];
  filters?: { field: string; values: string[] }[];
}

const QUESTIONS: Question[] = [
  { name: 'single', label: '`diploma`', field: 'diploma' },
  { name: 'multiple', label: '`qualities` (multiple choice)', field: 'qualities' },
  { name: 'context', label: '`posture` by `phase`', field: 'posture', groupBy: ['phase'] },
  {
    name: 'field',
    label: '`posture` by `mediationTime`',
    field: 'posture',
    groupBy: ['mediationTime'],
  },
  {
    name: 'cross',
    label: '`posture` by `mediationTime` × `ageBand` (cross-table)',
    field: 'posture',
    groupBy: ['mediationTime', 'ageBand'],
  },
  {
    name: 'filter',
    label: '`mediationTime` by `diploma`, filter `gender` ∈ {male, female}',
    field: 'mediationTime',
    groupBy: ['diploma'],
    filters: [{ field: 'gender', values: ['male', 'female'] }],
  },
];

export async function partner(ctx: BenchContext): Promise<ScenarioResult> {
  const { stack } = ctx;
  const { campaignKey } = await ensureMicroobs(ctx, ctx.n);
  if (campaignKey !== campaignFor(ctx.n)) throw new Error('bench: unexpected campaign');
  const key = await partnerKey(ctx, [campaignKey, SMALL_CAMPAIGN]);
  const headers = { authorization: `Bearer ${key}` };
  const figures: Figure[] = [];
  const runs: Record<string, LoadResult | unknown> = {};

  // A release of everything loaded so far (the aggregation scenario times its building), then
  // its first use, which loads it into this process's memory.
  const releases = stack.app.get(ReleaseService);
  const built = await releases.advance(INSTRUMENT, 'ADMIN', { force: true });
  const cache = stack.app.get(ReleaseCache);
  const loaded = await timed(() => cache.current(INSTRUMENT));
  const data = loaded.result!;
  const respondents = data.size;
  ctx.log(
    `partner: release ${data.release.number} of ${respondents} respondents (${built.advanced ? 'published now' : 'already published'}), loaded in ${round(loaded.ms)} ms`,
  );
  figures.push({
    scenario: 'partner',
    figure: `load a release into memory (${respondents.toLocaleString('en')} respondents)`,
    value: round(loaded.ms),
    unit: 'ms',
    note: 'once per process and release (ReleaseCache), integer-coded by column',
  });

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
  const service = stack.app.get(AggregateQueryService);
  const principal: Principal = {
    keyId: '00000000-0000-0000-0000-000000000000',
    name: 'bench',
    role: 'PARTNER',
    scope: { partnerKey: 'bench-partner' },
  };
  const column = (name: string): CategoricalColumn =>
    name in data.context
      ? data.context[name as ContextColumn]
      : (data.column({ kind: 'categorical', name }) as CategoricalColumn);
  const dimension = (name: string): TableDimension => ({ name, column: column(name) });

  for (const question of QUESTIONS) {
    const input = { instrumentKey: INSTRUMENT, campaignKey, ...question };
    delete (input as { name?: string; label?: string }).name;
    delete (input as { name?: string; label?: string }).label;

    // The unperturbed answer: exact counts from the release, no protection, no cache.
    const field = data.column({
      kind: question.field === 'qualities' ? 'multiple' : 'categorical',
      name: question.field,
    })!;
    const table: TableQuery = {
      field,
      values:
        field.kind === 'numeric'
          ? []
          : [...(field.kind === 'categorical' ? [null] : []), ...field.dictionary],
      groupBy: (question.groupBy ?? []).map(dimension),
      filters: [
        { dimension: dimension('campaign'), values: [campaignKey] },
        ...(question.filters ?? []).map((f) => ({
          dimension: dimension(f.field),
          values: f.values,
        })),
      ],
    };
    const exact: number[] = [];
    let stats = tableStats(data, table);
    for (let i = 0; i < 10; i++) {
      const run = await timed(async () => tableStats(data, table));
      exact.push(run.ms);
      stats = run.result;
    }
    const protection: number[] = [];
    for (let i = 0; i < 10; i++) {
      protection.push(
        (
          await timed(async () =>
            stats.rows.map((row) =>
              publishCountRow(
                { group: row.group, population: row.population.size, cells: row.cells },
                { k: 5, kind: field.kind === 'multiple' ? 'multiple' : 'categorical' },
              ),
            ),
          )
        ).ms,
      );
    }

    const probe = await stack.gql<{
      aggregate: { population: number; release: { number: number } };
    }>(AGGREGATE, { input }, key);
    if (probe.errors || !probe.data) {
      throw new Error(`bench: partner aggregate failed: ${JSON.stringify(probe.errors)}`);
    }
    runs[`probe-${question.name}`] = probe.data.aggregate;
    const sequential: number[] = [];
    for (let i = 0; i < 20; i++) {
      sequential.push((await timed(() => service.aggregate(principal, input))).ms);
    }
    runs[`${question.name}-in-process`] = sequential;
    const body = JSON.stringify({ query: AGGREGATE, variables: { input } });
    await runLoad({ url: stack.url, connections: CONNECTIONS, duration: 2, headers, body });
    const load = await runLoad({
      url: stack.url,
      connections: CONNECTIONS,
      duration: ctx.duration,
      headers,
      body,
    });
    runs[question.name] = load;
    const failures = load.graphqlErrors + load.non2xx + load.errors + load.timeouts;
    const answered = load.requestsPerSecond * (1 - failures / Math.max(load.requests, 1));
    const exactMs = median(exact);
    const protectionMs = median(protection);
    const inProcess = median(sequential);
    ctx.log(
      `partner ${question.name}: exact counts ${round(exactMs, 2)} ms + protection ${round(protectionMs, 3)} ms; in-process ${round(inProcess, 2)} ms; c${CONNECTIONS} ${round(answered)} q/s p50 ${load.latencyP50} p99 ${load.latencyP99} ms (failures ${failures})`,
    );
    figures.push(
      {
        scenario: 'partner',
        figure: `${question.label}: exact counts from the release (unperturbed, uncached)`,
        value: round(exactMs, 2),
        unit: 'ms',
        note: `median of 10 passes over the ${respondents.toLocaleString('en')} respondents in memory; ${stats.rows.length} groups`,
      },
      {
        scenario: 'partner',
        figure: `${question.label}: perturbation and protection of those counts`,
        value: round(protectionMs, 3),
        unit: 'ms',
        note: 'cell-key perturbation, dominance, groups under k (median of 10)',
      },
      {
        scenario: 'partner',
        figure: `${question.label}: one partner query in-process, sequential`,
        value: round(inProcess, 2),
        unit: 'ms',
        goal: `< ${GOAL_MS} ms`,
        met: inProcess < GOAL_MS,
        note: 'median of 20 calls of AggregateQueryService.aggregate (answer cached for the release, population memory, audit row), no HTTP',
      },
      {
        scenario: 'partner',
        figure: `${question.label}, c${CONNECTIONS}: p50 latency`,
        value: load.latencyP50,
        unit: 'ms',
        floor: floor.latencyP50,
        floorLabel: '`{ __typename }` p50',
        ratio: ratioOf(load.latencyP50, floor.latencyP50),
        goal: `< ${GOAL_MS} ms`,
        met: load.latencyP50 < GOAL_MS && failures === 0,
        note: `${round(answered)} queries/s, p99 ${load.latencyP99} ms; release ${probe.data.aggregate.release.number}, population ${probe.data.aggregate.population}${failures ? `; ${failures} failed: ${load.sampleError ?? ''}`.slice(0, 300) : ''}`,
      },
    );
  }
  return { figures, details: { campaignKey, respondents, runs } };
}
