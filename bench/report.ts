/** Writes `bench/results.json` and regenerates `BENCHMARKS.md` from one run's figures. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SIZE, type Figure, type ScenarioResult, type SizeName } from './figures';

const ROOT = path.resolve(__dirname, '..');

export interface RunReport {
  machine: {
    cpu: string;
    cores: number;
    memoryGb: number;
    node: string;
    platform: string;
    /** 1-minute load average at the start and the end of the run (other work on the machine). */
    loadAverage?: { start: number; end: number };
  };
  date: string;
  commit: string;
  size: SizeName;
  n: number;
  httpSeconds: number;
  only?: string[];
  totalSeconds: number;
  scenarios: Record<string, (ScenarioResult & { seconds: number }) | { error: string }>;
  notMeasured: string[];
}

export function machine(): RunReport['machine'] {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export function commit(): string {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT }).toString().trim();
    return dirty ? `${hash} (with uncommitted changes)` : hash;
  } catch {
    return 'unknown';
  }
}

/** What the benchmark does not measure; kept in BENCHMARKS.md next to the figures. */
export const NOT_MEASURED = [
  'Ingest of anonymous submissions (`submitAnonymous`), drafts, and updates of a draft: only new COMPLETE day-2 grids by a COLLECTOR key are sent.',
  'The app under HTTP load runs its queues on the PostgreSQL backend (the embedded default); Redis is measured only in the queue scenario, not as the backend behind ingest or aggregation jobs.',
  'The N MicroOBS submissions are bulk-loaded with SQL, not through the API: they are validated and anonymised once per answer variant (97 variants), not per row. Ingest through the API is what the ingest scenario measures.',
  'Export with a partner agreement (per-partner pseudonyms, verbatims), JSONL and data packages, the signed download over HTTP, push delivery and the queue hop before the export job starts: the export figure is `ExportRunner.run` of one internal MICRODATA/CSV job.',
  'The COPY floor writes context and answer columns straight from SQL: no disclosure control (plan, key hashes, masked cells), rows in id order rather than a random order, no pseudonyms (the bulk rows have no participant or pair).',
  'The delay before the worker applies a delta (outbox poll every 0.5 s, then a 1 s debounce) is not timed: the incremental update is timed as the refresh itself, and queries in between count the new rows beside the tables.',
  'The 1M size is not part of the default run (`npm run bench -- --size 1m`); the default stops at 100k.',
  'Load generator, API, worker and PostgreSQL share the same 2 cores; floors and scenarios share them alike, so ratios carry over better than absolute figures.',
];

function formatNumber(value: number | undefined): string {
  if (value === undefined) return '';
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en');
  return String(Math.round(value * 100) / 100);
}

function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined) return '';
  if (!Number.isFinite(ratio)) return '—';
  return `${ratio >= 10 ? Math.round(ratio) : Math.round(ratio * 100) / 100}×`;
}

function valueWithUnit(value: number | undefined, unit: string): string {
  return value === undefined ? '' : `${formatNumber(value)} ${unit}`;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function figuresOf(report: RunReport): Figure[] {
  return Object.values(report.scenarios).flatMap((scenario) =>
    'figures' in scenario ? scenario.figures : [],
  );
}

export function markdown(report: RunReport): string {
  const figures = figuresOf(report);
  const rows = figures.map((f) => {
    const floor =
      f.floor === undefined ? '' : `${valueWithUnit(f.floor, f.unit)} (${f.floorLabel ?? ''})`;
    const met = f.met === undefined ? '' : f.met ? 'yes' : '**no**';
    return `| ${f.scenario} | ${escape(f.figure)} | ${valueWithUnit(f.value, f.unit)} | ${escape(floor)} | ${formatRatio(f.ratio)} | ${f.goal ?? ''} | ${met} |`;
  });
  const notes = figures
    .filter((f) => f.note)
    .map((f) => `- **${f.scenario} — ${escape(f.figure)}**: ${escape(f.note!)}`);
  const failures = Object.entries(report.scenarios)
    .filter(([, scenario]) => 'error' in scenario)
    .map(
      ([name, scenario]) =>
        `- **${name}** failed: ${escape((scenario as { error: string }).error)}`,
    );
  const skipped = Object.values(report.scenarios).flatMap((scenario) =>
    'skipped' in scenario ? (scenario.skipped ?? []) : [],
  );
  const withGoal = figures.filter((f) => f.met !== undefined);
  const m = report.machine;
  const ingest = report.scenarios.ingest;
  const ingestApis =
    ingest && 'details' in ingest
      ? ((ingest.details.apis ?? []) as { label: string }[]).map((api) => api.label)
      : [];
  return `# Benchmarks

Generated by \`npm run bench\` (bench/run.ts); do not edit by hand. How to run and what each figure
means: [bench/README.md](${report.size === DEFAULT_SIZE ? 'bench/README.md' : 'README.md'}). Raw figures: \`bench/results${report.size === DEFAULT_SIZE ? '' : `-${report.size}`}.json\`.
${report.size === DEFAULT_SIZE ? 'How cost grows with size: [bench/BENCHMARKS-1m.md](bench/BENCHMARKS-1m.md) (`npm run bench -- --size 1m`).\n' : ''}

| machine | |
|---|---|
| CPU | ${m.cpu} |
| cores | ${m.cores} |
| memory | ${m.memoryGb} GB |
| Node | ${m.node} (${m.platform}) |
| load average (1 min) | ${m.loadAverage ? `${m.loadAverage.start} at start, ${m.loadAverage.end} at the end` : 'unknown'} |
| date | ${report.date} |
| commit | ${report.commit} |
| size | \`--size ${report.size}\` (N = ${report.n.toLocaleString('en')}), ${report.httpSeconds} s per HTTP measurement${report.only ? `, only ${report.only.join(', ')}` : ''} |
| run time | ${Math.round(report.totalSeconds)} s |
${ingestApis.length ? `| ingest APIs | ${escape(ingestApis.join('; '))} (each in a process of its own${ingest && 'details' in ingest ? `, ${String(ingest.details.rounds)} interleaved round(s)` : ''}) |\n` : ''}
A load average well above 0 at the start means other work shared the cores during the run.
Every floor is measured in the same run, on the same stack, just before or after its scenario.
Ratio = value / floor: for a rate, the share of the floor reached (higher is better); for a time
or a latency, how many times the floor it takes (lower is better).

| scenario | figure | value | floor | ratio | goal | met? |
|---|---|---|---|---|---|---|
${rows.join('\n')}

Goals met: ${withGoal.filter((f) => f.met).length} of ${withGoal.length}.
${failures.length ? `\n## Failures\n\n${failures.join('\n')}\n` : ''}
## Notes on the figures

${notes.join('\n')}

## Not measured

${[...skipped.map((s) => `${s} (this run).`), ...report.notMeasured].map((s) => `- ${s}`).join('\n')}
`;
}

/**
 * The default size writes BENCHMARKS.md and bench/results.json; another size writes files of its
 * own (bench/BENCHMARKS-1m.md, bench/results-1m.json), so a long run never replaces the default.
 */
export function writeReport(report: RunReport): { json: string; md: string } {
  const suffix = report.size === DEFAULT_SIZE ? '' : `-${report.size}`;
  const json = path.join(ROOT, 'bench', `results${suffix}.json`);
  const md = suffix
    ? path.join(ROOT, 'bench', `BENCHMARKS${suffix}.md`)
    : path.join(ROOT, 'BENCHMARKS.md');
  fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(md, markdown(report));
  return { json, md };
}
