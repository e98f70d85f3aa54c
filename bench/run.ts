/**
 * `npm run bench [-- --size 10k|100k|1m] [--only ingest,aggregation,partner,export,queue]
 * [--duration <s>] [--node <path>]… [--baseline <git-ref>] [--rounds <n>] [--profile]`: starts its
 * own stack, loads data, measures every scenario with its floor, and writes bench/results.json and
 * BENCHMARKS.md. See bench/README.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkoutBaseline, type Baseline } from './baseline';
import {
  DEFAULT_SIZE,
  SIZES,
  type ApiUnderTest,
  type BenchContext,
  type ScenarioResult,
  type SizeName,
} from './figures';
import { commit, machine, NOT_MEASURED, writeReport, type RunReport } from './report';
import { aggregation } from './scenarios/aggregation';
import { exportScenario } from './scenarios/export';
import { ingest } from './scenarios/ingest';
import { partner } from './scenarios/partner';
import { queue } from './scenarios/queue';
import { startStack, type Stack } from './stack';

const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<ScenarioResult>> = {
  ingest,
  aggregation,
  partner,
  export: exportScenario,
  queue,
};

interface Args {
  size: SizeName;
  only?: string[];
  duration: number;
  /** Node binaries the ingest API runs under (default: this process's). */
  nodes: string[];
  baseline?: string;
  rounds?: number;
  profile: boolean;
}

const USAGE =
  'npm run bench -- [--size 10k|100k|1m] [--only ingest,aggregation,partner,export,queue] [--duration 10] [--node /path/to/node]… [--baseline <git-ref>] [--rounds <n>] [--profile]';

/** `--node` and BENCH_NODES take paths to Node binaries, comma-separated or repeated. */
function nodeBinaries(list: string): string[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const binary = path.resolve(entry);
      if (!fs.existsSync(binary)) throw new Error(`--node: no Node binary at ${binary}`);
      return binary;
    });
}

/** A number ≥ 1 of the kind `valid` accepts, or `message` as an error. */
function atLeastOne(
  text: string | undefined,
  message: string,
  valid: (n: number) => boolean,
): number {
  const n = Number(text);
  if (!valid(n) || n < 1) throw new Error(message);
  return n;
}

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Args {
  const args: Args = {
    size: DEFAULT_SIZE,
    duration: 10,
    nodes: env.BENCH_NODES ? nodeBinaries(env.BENCH_NODES) : [],
    profile: false,
  };
  let nodesFromArgs = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--size') {
      const size = value()?.toLowerCase();
      if (!size || !(size in SIZES))
        throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
      args.size = size as SizeName;
    } else if (flag === '--only') {
      const names = (value() ?? '').split(',').filter(Boolean);
      const unknown = names.filter((name) => !(name in SCENARIOS));
      if (!names.length || unknown.length)
        throw new Error(`--only takes a list of ${Object.keys(SCENARIOS).join(', ')}`);
      args.only = names;
    } else if (flag === '--duration') {
      args.duration = atLeastOne(value(), '--duration is in seconds, ≥ 1', Number.isFinite);
    } else if (flag === '--node') {
      // Arguments replace BENCH_NODES rather than add to it.
      if (!nodesFromArgs) args.nodes = [];
      nodesFromArgs = true;
      args.nodes.push(...nodeBinaries(value() ?? ''));
    } else if (flag === '--baseline') {
      const ref = value();
      if (!ref) throw new Error('--baseline takes a git ref (a commit, a branch, HEAD~1)');
      args.baseline = ref;
    } else if (flag === '--rounds') {
      args.rounds = atLeastOne(value(), '--rounds is a whole number ≥ 1', Number.isInteger);
    } else if (flag === '--profile') {
      args.profile = true;
    } else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${argv[i]} (try --help)`);
    }
  }
  if (!args.nodes.length) args.nodes = [process.execPath];
  return args;
}

/** The ingest APIs: each Node binary runs this checkout and, with a baseline, that commit too. */
function apisUnderTest(args: Args, baseline: Baseline | undefined): ApiUnderTest[] {
  const root = path.resolve(__dirname, '..');
  const current = commit();
  return args.nodes.flatMap((node): ApiUnderTest[] => [
    { node, checkout: 'current', root, ref: 'HEAD', commit: current },
    ...(baseline
      ? [
          {
            node,
            checkout: 'baseline' as const,
            root: baseline.root,
            ref: baseline.ref,
            commit: baseline.commit,
          },
        ]
      : []),
  ]);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), process.env);
  const started = Date.now();
  const log = (line: string) =>
    console.log(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const date = new Date().toISOString();
  const loadAtStart = Math.round(os.loadavg()[0] * 100) / 100;
  log(`size ${args.size}, ${args.duration} s per HTTP measurement`);

  let stack: Stack | undefined;
  let baseline: Baseline | undefined;
  const stop = async () => {
    const current = stack;
    stack = undefined;
    await current?.stop();
    baseline?.remove();
    baseline = undefined;
  };
  process.once('SIGINT', () => {
    void stop().finally(() => process.exit(130));
  });

  const scenarios: RunReport['scenarios'] = {};
  try {
    const ingestOn = !args.only || args.only.includes('ingest');
    if (args.baseline && ingestOn) baseline = checkoutBaseline(args.baseline, log);
    const apis = apisUnderTest(args, baseline);
    stack = await startStack(log);
    const ctx: BenchContext = {
      stack,
      size: args.size,
      n: SIZES[args.size],
      duration: args.duration,
      apis,
      // Side by side, one round says little on a shared machine: three by default.
      rounds: args.rounds ?? (apis.length > 1 ? 3 : 1),
      profile: args.profile,
      log,
    };
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      if (args.only && !args.only.includes(name)) continue;
      const begun = Date.now();
      log(`— ${name}`);
      try {
        const result = await scenario(ctx);
        scenarios[name] = { ...result, seconds: (Date.now() - begun) / 1000 };
      } catch (error) {
        console.error(error);
        scenarios[name] = { error: error instanceof Error ? error.message : String(error) };
      }
      log(`${name} done in ${((Date.now() - begun) / 1000).toFixed(1)} s`);
    }
  } finally {
    await stop();
  }

  const report: RunReport = {
    machine: {
      ...machine(),
      loadAverage: { start: loadAtStart, end: Math.round(os.loadavg()[0] * 100) / 100 },
    },
    date,
    commit: commit(),
    size: args.size,
    n: SIZES[args.size],
    httpSeconds: args.duration,
    only: args.only,
    totalSeconds: (Date.now() - started) / 1000,
    scenarios,
    notMeasured: NOT_MEASURED,
  };
  const written = writeReport(report);
  log(`wrote ${written.json} and ${written.md}`);
  const failed = Object.values(scenarios).some((scenario) => 'error' in scenario);
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
