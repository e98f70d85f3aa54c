/**
 * `npm run bench [-- --size 10k|100k|1m] [--only ingest,aggregation,partner,export,queue]
 * [--duration <s>]`: starts its own stack, loads data, measures every scenario with its floor, and
 * writes bench/results.json and BENCHMARKS.md. See bench/README.md.
 */
import * as os from 'node:os';
import {
  DEFAULT_SIZE,
  SIZES,
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
}

function parseArgs(argv: string[]): Args {
  const args: Args = { size: DEFAULT_SIZE, duration: 10 };
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
      const seconds = Number(value());
      if (!Number.isFinite(seconds) || seconds < 1)
        throw new Error('--duration is in seconds, ≥ 1');
      args.duration = seconds;
    } else if (flag === '--help' || flag === '-h') {
      console.log(
        'npm run bench -- [--size 10k|100k|1m] [--only ingest,aggregation,partner,export,queue] [--duration 10]',
      );
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${argv[i]} (try --help)`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const log = (line: string) =>
    console.log(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const date = new Date().toISOString();
  const loadAtStart = Math.round(os.loadavg()[0] * 100) / 100;
  log(`size ${args.size}, ${args.duration} s per HTTP measurement`);

  let stack: Stack | undefined;
  const stop = async () => {
    const current = stack;
    stack = undefined;
    await current?.stop();
  };
  process.once('SIGINT', () => {
    void stop().finally(() => process.exit(130));
  });

  const scenarios: RunReport['scenarios'] = {};
  try {
    stack = await startStack(log);
    const ctx: BenchContext = {
      stack,
      size: args.size,
      n: SIZES[args.size],
      duration: args.duration,
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
