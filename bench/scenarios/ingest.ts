/**
 * Ingest: `submit` of a day-2 observation grid (three beneficiaries, free text in every text
 * field) over GraphQL/HTTP by a COLLECTOR key, at concurrency 16 and 64, each request with a new
 * clientSubmissionId. Floor: `{ __typename }` on the same server, same harness, same concurrency.
 */
import { seedCampaign } from '../../test/support/campaign-fixture';
import type { TestApp } from '../../test/support/test-app';
import { anonymiseAnswers } from '@observatory/anonymisation';
import { SubmissionService } from '@observatory/submissions';
import { day2Answers, DAY2 } from '../data';
import {
  median,
  ratioOf,
  round,
  type BenchContext,
  type Figure,
  type ScenarioResult,
} from '../figures';
import { runLoad, type LoadResult } from '../load';

const CAMPAIGN = 'bench-techess';
const PAIRS = 64;
const CONCURRENCIES = [16, 64];
export const FLOOR_BODY = JSON.stringify({ query: '{ __typename }' });
const SUBMIT = `mutation ($input: SubmitInput!) {
  submit(input: $input) {
    __typename
    ... on SubmissionAccepted { duplicate submission { id } }
    ... on SubmissionRejected { errors { path code message } }
  }
}`;

export async function ingest(ctx: BenchContext): Promise<ScenarioResult> {
  const { stack } = ctx;
  const pairs = Array.from({ length: PAIRS }, (_, i): [string, string] => {
    const n = String(i + 1).padStart(2, '0');
    return [`M${n}`, `P${n}`];
  });
  await seedCampaign({ app: stack.app } as unknown as TestApp, {
    key: CAMPAIGN,
    branches: ['aide-a-domicile', 'insertion', 'animation'],
    phases: [{ key: 'day2', instrumentKeys: ['techess-observation-day2'] }],
    pairs,
  });
  const created = await stack.gql<{ createApiKey: { secret: string } }>(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
    { input: { name: 'bench field app', role: 'COLLECTOR', campaignKeys: [CAMPAIGN] } },
  );
  const collector = created.data?.createApiKey.secret;
  if (!collector) throw new Error(`bench: no collector key: ${JSON.stringify(created.errors)}`);
  const headers = { authorization: `Bearer ${collector}` };

  const answers = day2Answers(7);
  const answersBytes = Buffer.byteLength(JSON.stringify(answers));
  const input = (id: string, pair: string, mediator: string) => ({
    clientSubmissionId: id,
    instrumentKey: 'techess-observation-day2',
    version: '1.0.0',
    campaignKey: CAMPAIGN,
    phase: 'day2',
    pairCode: pair,
    participantCode: mediator,
    answers,
  });
  // One submission first: the load below is only meaningful if this one is accepted.
  const first = await stack.gql<{ submit: { __typename: string } }>(
    SUBMIT,
    { input: input('bench-preflight', 'M01+P01', 'M01') },
    collector,
  );
  if (first.data?.submit.__typename !== 'SubmissionAccepted') {
    throw new Error(`bench: the day-2 grid is not accepted: ${JSON.stringify(first)}`);
  }
  const template = JSON.stringify({
    query: SUBMIT,
    variables: { input: input('__CID__', '__PAIR__', '__MEDIATOR__') },
  });
  ctx.log(
    `ingest: day-2 grid with 3 beneficiaries, answers ${answersBytes} B, request ${Buffer.byteLength(template)} B`,
  );

  const url = stack.url;
  const floorRun = (connections: number, duration: number) =>
    runLoad({ url, connections, duration, headers, body: FLOOR_BODY });
  const submitRun = (connections: number, duration: number) =>
    runLoad({ url, connections, duration, headers, template, pairs: PAIRS });
  // CPU time of this process (the API, and the worker beside it) during a run: where a request's
  // cost goes, apart from the database and the load generator sharing the cores.
  const withCpu = async (run: () => Promise<LoadResult>) => {
    const before = process.cpuUsage();
    const result = await run();
    const used = process.cpuUsage(before);
    return { result, cpuMs: (used.user + used.system) / 1000 };
  };

  // Warm-up (JIT, connection pools), not reported.
  await floorRun(16, 3);
  await submitRun(16, 3);

  const figures: Figure[] = [];
  const runs: Record<string, LoadResult> = {};
  for (const connections of CONCURRENCIES) {
    const { result: floor, cpuMs: floorCpuMs } = await withCpu(() =>
      floorRun(connections, ctx.duration),
    );
    const { result: submit, cpuMs: submitCpuMs } = await withCpu(() =>
      submitRun(connections, ctx.duration),
    );
    const cpuPerSubmit = submitCpuMs / Math.max(1, submit.accepted);
    const cpuPerFloor = floorCpuMs / Math.max(1, floor.requests);
    runs[`floor-c${connections}`] = floor;
    runs[`submit-c${connections}`] = submit;
    const acceptedPerSecond = submit.accepted / submit.duration;
    const floorRate = floor.requestsPerSecond;
    ctx.log(
      `ingest c${connections}: floor ${round(floorRate)} req/s p99 ${floor.latencyP99} ms; submit ${round(acceptedPerSecond)} accepted/s p50 ${submit.latencyP50} p99 ${submit.latencyP99} ms (rejected ${submit.rejected}, errors ${submit.graphqlErrors}, non2xx ${submit.non2xx}, socket errors ${submit.errors}); API CPU ${round(cpuPerSubmit, 2)} ms per submit, ${round(cpuPerFloor, 2)} ms per floor request`,
    );
    const problems = submit.rejected + submit.graphqlErrors + submit.errors + submit.non2xx;
    const note = problems
      ? `${submit.rejected} rejected, ${submit.graphqlErrors} GraphQL/HTTP errors, ${submit.errors} socket errors; first: ${submit.sampleError ?? ''}`.slice(
          0,
          300,
        )
      : undefined;
    const ratio = ratioOf(acceptedPerSecond, floorRate);
    figures.push(
      {
        scenario: 'ingest',
        figure: `submit day-2 grid, c${connections}: accepted/s`,
        value: round(acceptedPerSecond),
        unit: '/s',
        floor: round(floorRate),
        floorLabel: '`{ __typename }` req/s',
        ratio,
        goal: '≥ 0.5× floor',
        met: ratio >= 0.5 && problems === 0,
        note,
      },
      {
        scenario: 'ingest',
        figure: `submit day-2 grid, c${connections}: p50 latency`,
        value: submit.latencyP50,
        unit: 'ms',
        floor: floor.latencyP50,
        floorLabel: '`{ __typename }` p50',
        ratio: ratioOf(submit.latencyP50, floor.latencyP50),
      },
      {
        scenario: 'ingest',
        figure: `submit day-2 grid, c${connections}: p99 latency`,
        value: submit.latencyP99,
        unit: 'ms',
        floor: floor.latencyP99,
        floorLabel: '`{ __typename }` p99',
        ratio: ratioOf(submit.latencyP99, floor.latencyP99),
        goal: '< 100 ms',
        met: submit.latencyP99 < 100,
      },
      {
        scenario: 'ingest',
        figure: `submit day-2 grid, c${connections}: API process CPU per accepted submit`,
        value: round(cpuPerSubmit, 2),
        unit: 'ms',
        floor: round(cpuPerFloor, 2),
        floorLabel: '`{ __typename }` CPU per request',
        ratio: ratioOf(cpuPerSubmit, cpuPerFloor),
        note: 'process.cpuUsage() of the API process (worker in-process) over the run, per reply',
      },
    );
  }
  // Where a submit's time goes: validation and anonymisation of the grid, in-process, no I/O.
  const service = stack.app.get(SubmissionService);
  const prepareTimes: number[] = [];
  for (let i = 0; i < 60; i++) {
    const start = process.hrtime.bigint();
    service.prepare(DAY2, answers, 'COMPLETE');
    if (i >= 10) prepareTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const prepareMs = median(prepareTimes);
  ctx.log(`ingest: validate + anonymise one grid in-process: ${round(prepareMs, 2)} ms`);
  figures.push({
    scenario: 'ingest',
    figure: 'validate + anonymise one day-2 grid (in-process CPU, no I/O)',
    value: round(prepareMs, 2),
    unit: 'ms',
    note: `median of 50; at most ${round(1000 / prepareMs)} grids/s on one core from this step alone`,
  });
  // The scrubber's share (issues 13 and 17): anonymisation of the grid, mostly scrubbing its 59
  // text fields, each read once by the single-pass scrubber.
  const scrubTimes: number[] = [];
  for (let i = 0; i < 400; i++) {
    const start = process.hrtime.bigint();
    anonymiseAnswers(DAY2, answers);
    if (i >= 50) scrubTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const scrubMs = median(scrubTimes);
  ctx.log(`ingest: anonymise (scrub) one grid in-process: ${round(scrubMs, 3)} ms`);
  figures.push({
    scenario: 'ingest',
    figure: 'anonymise one day-2 grid: the scrubber and generalisation (in-process CPU, no I/O)',
    value: round(scrubMs, 3),
    unit: 'ms',
    floor: 0.35,
    floorLabel: 'before the single-pass scrubber (issue 17)',
    ratio: ratioOf(scrubMs, 0.35),
    goal: '≤ 1× (and never 2×)',
    met: scrubMs <= 0.35,
    note: 'median of 350 calls after 50 of warm-up; the floor is the figure measured before issue 13 on the reference machine',
  });
  const [stored] = await stack.db.query(
    `SELECT count(*)::int AS n FROM submission WHERE campaign_key = $1`,
    [CAMPAIGN],
  );
  return {
    figures,
    details: {
      answersBytes,
      prepareMs,
      scrubMs,
      requestBytes: Buffer.byteLength(template),
      stored: stored.n,
      runs,
    },
  };
}
