/** What a scenario reports, and small measuring helpers shared by the scenarios. */
import type { Stack } from './stack';

export type SizeName = '10k' | '100k' | '1m';

export const SIZES: Record<SizeName, number> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };
/** What `npm run bench` measures without --size; its report is BENCHMARKS.md. */
export const DEFAULT_SIZE: SizeName = '100k';

/** An API the ingest scenario runs in a process of its own. */
export interface ApiUnderTest {
  /** The Node binary that runs it. */
  node: string;
  /** This checkout, or the `--baseline` commit's worktree. */
  checkout: 'current' | 'baseline';
  root: string;
  /** The ref as given (`HEAD` for the current checkout) and its short commit hash. */
  ref: string;
  commit: string;
}

export interface BenchContext {
  stack: Stack;
  size: SizeName;
  /** Submissions of the main MicroOBS campaign (aggregation, partner queries, export). */
  n: number;
  /** Seconds of each HTTP measurement. */
  duration: number;
  /** Ingest: the APIs measured side by side (one per Node binary, and per baseline). */
  apis: ApiUnderTest[];
  /** Ingest: interleaved rounds of measurement; the figures are medians. */
  rounds: number;
  /** Ingest: profile the API's CPU during one more floor and submit run of each API. */
  profile: boolean;
  log(line: string): void;
}

/**
 * One line of the table. `ratio` is value / floor: for a rate, the share of the floor reached
 * (higher is better); for a time, how many times the floor it takes (lower is better).
 */
export interface Figure {
  scenario: string;
  figure: string;
  value: number;
  unit: string;
  floor?: number;
  floorLabel?: string;
  ratio?: number;
  goal?: string;
  met?: boolean;
  note?: string;
}

export interface ScenarioResult {
  figures: Figure[];
  /** Anything else worth keeping in results.json (raw load results, sizes, samples). */
  details: Record<string, unknown>;
  /** What this scenario could not measure in this run, and why. */
  skipped?: string[];
}

export function ratioOf(value: number, floor: number): number {
  return floor === 0 ? Number.NaN : value / floor;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
