/**
 * The export measurement, in a process of its own so that its peak memory is the export's and not
 * the whole benchmark's: a worker-like Nest context (persistence, queue, exports; no HTTP, no
 * processors, so it takes no job from the parent's queues) runs `ExportRunner.run` on one
 * MICRODATA/CSV export job, while RSS is sampled. The floor, `COPY (SELECT …) TO STDOUT WITH CSV`
 * of the same rows and columns, runs in the same process before and after (best of two).
 */
import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { loggingParams } from '../../apps/api/src/operations/logging';
import { loadAppConfig, RuntimeModule, type Runtime } from '../../libs/config/src';
import { ExportRunner, ExportsModule } from '../../libs/exports/src';
import {
  buildExportLayout,
  MULTIPLE_SEPARATOR,
  type ExportColumn,
} from '../../libs/exports/src/format';
import { ExportJobEntity, PersistenceModule } from '../../libs/persistence/src';
import { QueueModule } from '../../libs/queue/src';
import { MICROOBS } from '../data';
import { benchEnv } from '../stack';

export interface ExportChildInput {
  databaseUrl: string;
  exportDir: string;
  campaignKey: string;
}

export interface ExportChildResult {
  rows: number;
  bytes: number;
  exportMs: number;
  floorMs: number;
  floorRuns: number[];
  floorBytes: number;
  floorRows: number;
  columns: number;
  baselineRssMb: number;
  peakSampledRssMb: number;
  maxRssMb: number;
  maxRssBeforeExportMb: number;
  blockTables: string[];
}

@Module({})
class ExportBenchModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return {
      module: ExportBenchModule,
      imports: [
        RuntimeModule.forRoot(runtime),
        LoggerModule.forRoot(loggingParams(runtime.config.logLevel, runtime.config.logFile)),
        PersistenceModule,
        QueueModule,
        ExportsModule,
      ],
    };
  }
}

process.once('message', (message) => {
  run(message as ExportChildInput).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});

const mb = (bytes: number) => bytes / (1024 * 1024);

async function run(input: ExportChildInput): Promise<ExportChildResult> {
  const config = loadAppConfig(benchEnv(input.databaseUrl, input.exportDir));
  const app = await NestFactory.createApplicationContext(
    ExportBenchModule.forRoot({ config, databaseUrl: input.databaseUrl, embedded: false }),
    { logger: false },
  );
  await app.init();
  const layout = buildExportLayout([MICROOBS], { verbatims: false });
  const floorSql = copySql(layout.tables[0].columns, input.campaignKey);
  const floorFile = path.join(input.exportDir, 'floor.csv');

  const floorRuns: number[] = [];
  const floor = async () => {
    const client = new Client({ connectionString: input.databaseUrl });
    await client.connect();
    try {
      const start = process.hrtime.bigint();
      await pipeline(client.query(copyTo(floorSql)), fs.createWriteStream(floorFile));
      floorRuns.push(Number(process.hrtime.bigint() - start) / 1e6);
    } finally {
      await client.end();
    }
  };
  await floor();

  global.gc?.();
  const baselineRss = process.memoryUsage.rss();
  const maxRssBeforeExport = process.resourceUsage().maxRSS * 1024;
  let peak = baselineRss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);

  const repository = app.get(DataSource).getRepository(ExportJobEntity);
  const job = repository.create({
    id: randomUUID(),
    requestedBy: null,
    partnerKey: null,
    instrumentKey: MICROOBS.key,
    versions: [MICROOBS.version],
    campaignKey: input.campaignKey,
    level: 'MICRODATA',
    format: 'CSV',
    delivery: { mode: 'DOWNLOAD', status: 'NONE', attempts: 0 },
    status: 'QUEUED',
    progress: 0,
    rowCount: null,
    files: [],
    error: null,
    attempts: 0,
    scheduled: false,
    finishedAt: null,
    expiresAt: null,
  });
  await repository.insert(job);
  const start = process.hrtime.bigint();
  const done = await app.get(ExportRunner).run(job.id);
  const exportMs = Number(process.hrtime.bigint() - start) / 1e6;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const maxRss = process.resourceUsage().maxRSS * 1024;
  if (done?.status !== 'COMPLETED') throw new Error(`bench: export ended ${done?.status}`);

  await floor();
  const floorText = fs.readFileSync(floorFile, 'utf8');
  const result: ExportChildResult = {
    rows: done.rowCount ?? 0,
    bytes: done.files.reduce((sum, file) => sum + file.bytes, 0),
    exportMs,
    floorMs: Math.min(...floorRuns),
    floorRuns,
    floorBytes: Buffer.byteLength(floorText),
    floorRows: floorText.split('\n').length - 2,
    columns: layout.tables[0].columns.length,
    baselineRssMb: mb(baselineRss),
    peakSampledRssMb: mb(peak),
    maxRssMb: mb(maxRss),
    maxRssBeforeExportMb: mb(maxRssBeforeExport),
    blockTables: layout.tables.slice(1).map((table) => table.name),
  };
  await app.close();
  return result;
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
      case 'block_index':
        return 'NULL';
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
