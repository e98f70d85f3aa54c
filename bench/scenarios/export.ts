/**
 * Export: an N-row MICRODATA CSV export (internal, k = 5, no free text) run by `ExportRunner` in a
 * child process (see export-child.ts), against `COPY (SELECT …) TO STDOUT WITH CSV` of the same
 * rows and columns; the child's peak RSS is the export's memory.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { ratioOf, round, type BenchContext, type Figure, type ScenarioResult } from '../figures';
import { ensureMicroobs } from '../microobs';
import type { ExportChildInput, ExportChildResult } from './export-child';

export async function exportScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const { campaignKey } = await ensureMicroobs(ctx, ctx.n);
  const input: ExportChildInput = {
    databaseUrl: ctx.stack.databaseUrl,
    exportDir: ctx.stack.exportDir,
    campaignKey,
  };
  const result = await new Promise<ExportChildResult>((resolve, reject) => {
    const child = fork(path.join(__dirname, 'export-child.ts'), [], {
      execArgv: [
        '--expose-gc',
        '-r',
        path.join(__dirname, '..', '..', 'test', 'support', 'ts-register.js'),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let reply: ExportChildResult | undefined;
    child.on('message', (message) => (reply = message as ExportChildResult));
    child.on('error', reject);
    child.on('exit', (code) =>
      reply ? resolve(reply) : reject(new Error(`bench: export child exited with ${code}`)),
    );
    child.send(input);
  });
  ctx.log(
    `export N=${ctx.n}: ${result.rows} rows in ${round(result.exportMs)} ms (COPY ${round(result.floorMs)} ms); RSS baseline ${round(result.baselineRssMb)} MB, peak ${round(result.peakSampledRssMb)} MB, maxRSS ${round(result.maxRssMb)} MB`,
  );
  const ratio = ratioOf(result.exportMs, result.floorMs);
  const figures: Figure[] = [
    {
      scenario: 'export',
      figure: `microdata CSV, N = ${ctx.n.toLocaleString('en')}: time`,
      value: round(result.exportMs),
      unit: 'ms',
      floor: round(result.floorMs),
      floorLabel: 'COPY … TO STDOUT WITH CSV',
      ratio,
      goal: '≤ 3× floor',
      met: ratio <= 3,
      note: `${result.rows} rows written (${result.floorRows - result.rows} suppressed for k-anonymity), ${round(result.bytes / 1e6, 1)} MB (COPY: ${result.floorRows} rows, ${round(result.floorBytes / 1e6, 1)} MB), ${result.columns} columns`,
    },
    {
      scenario: 'export',
      figure: `microdata CSV, N = ${ctx.n.toLocaleString('en')}: rows/s`,
      value: round(result.rows / (result.exportMs / 1000)),
      unit: 'rows/s',
      floor: round(result.floorRows / (result.floorMs / 1000)),
      floorLabel: 'COPY rows/s',
      ratio: ratioOf(result.rows / result.exportMs, result.floorRows / result.floorMs),
    },
    {
      scenario: 'export',
      figure: 'peak memory of the exporting process (max RSS)',
      value: round(result.maxRssMb),
      unit: 'MB',
      goal: '< 250 MB',
      met: result.maxRssMb < 250,
      note: `RSS ${round(result.baselineRssMb)} MB before the export (Nest context, TypeScript compiled in-process), sampled peak ${round(result.peakSampledRssMb)} MB`,
    },
  ];
  return { figures, details: { campaignKey, ...result } };
}
