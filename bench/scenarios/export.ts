/**
 * Export: an N-row MICRODATA CSV export (internal, k = 5, no free text) run by `ExportRunner` in a
 * child process (see export-child.ts), against `COPY (SELECT …) TO STDOUT WITH CSV` of the same
 * rows and columns; the child's peak RSS is the export's memory.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import {
  buildExportLayout,
  MULTIPLE_SEPARATOR,
  type ExportColumn,
} from '../../libs/exports/src/format';
import { MICROOBS } from '../data';
import { ratioOf, round, type BenchContext, type Figure, type ScenarioResult } from '../figures';
import { ensureMicroobs } from '../microobs';
import { benchEnv } from '../stack';
import type { ExportChildInput, ExportChildResult } from './export-child';

export async function exportScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const { campaignKey } = await ensureMicroobs(ctx, ctx.n);
  const layout = buildExportLayout([MICROOBS], { verbatims: false });
  const columns = layout.tables[0].columns;
  const input: ExportChildInput = {
    env: benchEnv(ctx.stack.databaseUrl, ctx.stack.exportDir),
    databaseUrl: ctx.stack.databaseUrl,
    exportDir: ctx.stack.exportDir,
    campaignKey,
    instrumentKey: MICROOBS.key,
    version: MICROOBS.version,
    floorSql: copySql(columns, campaignKey),
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
    `export N=${ctx.n}: ${result.rows} rows in ${round(result.exportMs)} ms (COPY ${round(result.floorMs)} ms); RSS baseline ${round(result.baselineRssMb)} MB, peak ${round(result.peakSampledRssMb)} MB, maxRSS ${round(result.maxRssMb)} MB (+${round(result.exportGrowthMb)} MB during the export; V8 heap ${round(result.heapBeforeMb)} → ${round(result.heapAtPeakMb)} MB, external ${round(result.externalBeforeMb)} → ${round(result.externalAtPeakMb)} MB)`,
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
      note: `${result.rows} rows written (${result.floorRows - result.rows} dropped by disclosure control), ${round(result.bytes / 1e6, 1)} MB (COPY: ${result.floorRows} rows, ${round(result.floorBytes / 1e6, 1)} MB), ${columns.length} columns`,
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
      note: `RSS ${round(result.baselineRssMb)} MB before the export (worker-like Nest context, TypeScript compiled in-process), sampled peak ${round(result.peakSampledRssMb)} MB, ${round(result.exportGrowthMb)} MB added by the export`,
    },
  ];
  return {
    figures,
    details: {
      campaignKey,
      columns: columns.length,
      blockTables: layout.tables.slice(1).map((table) => table.name),
      ...result,
    },
  };
}

/** The export's columns as SQL over the same rows (codes instead of pseudonyms). */
function copySql(columns: ExportColumn[], campaignKey: string): string {
  const jsonPath = (parts: string[]) => `'{${parts.map((p) => `"${p}"`).join(',')}}'`;
  const expressions = columns.map((column) => {
    const source = column.source;
    switch (source.kind) {
      case 'context':
        return {
          submission_id: 's.id',
          instrument_version: 's.instrument_version',
          campaign: 's.campaign_key',
          phase: 's.phase_key',
          respondent_role: 's.respondent_role',
          branch: 's.branch',
          participant: 'pa.code',
          pair: 'pr.code',
          submitted_month: `to_char(s.submitted_on, 'YYYY-MM')`,
        }[source.key];
      case 'answer':
        return source.multiple
          ? `(SELECT string_agg(x, '${MULTIPLE_SEPARATOR}') FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(s.answers #> ${jsonPath(source.path)}) = 'array' THEN s.answers #> ${jsonPath(source.path)} ELSE '[]'::jsonb END) AS x)`
          : `s.answers #>> ${jsonPath(source.path)}`;
      case 'derived':
        return `s.derived #>> ${jsonPath(source.path)}`;
    }
  });
  const select = expressions
    .map((expression, i) => `${expression} AS "${columns[i].name}"`)
    .join(', ');
  const campaign = `'${campaignKey.replace(/'/g, "''")}'`;
  return `COPY (SELECT ${select}
            FROM submission s
            LEFT JOIN pair pr ON pr.id = s.pair_id
            LEFT JOIN participant pa ON pa.id = s.participant_id
           WHERE s.instrument_key = '${MICROOBS.key}' AND s.status = 'COMPLETE'
             AND s.instrument_version = '${MICROOBS.version}' AND s.campaign_key = ${campaign}
           ORDER BY s.id) TO STDOUT WITH (FORMAT csv, HEADER true)`;
}
