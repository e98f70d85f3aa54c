/**
 * The export measurement, in a process of its own so that its peak memory is the export's and not
 * the whole benchmark's: a worker-like Nest context (persistence, queue, exports; no HTTP, no
 * processors, so it takes no job from the parent's queues) runs `ExportRunner.run` on one
 * MICRODATA/CSV export job, while RSS is sampled. The floor, `COPY (SELECT …) TO STDOUT WITH CSV`
 * of the same rows and columns, runs in the same process before and after (best of two).
 *
 * The child imports only what a worker process does (no HTTP API, no bench data or test helpers):
 * the parent sends it the environment, the floor's SQL and the instrument to export.
 */
import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { loggingParams } from '../../apps/api/src/operations/logging';
import { loadAppConfig, RuntimeModule, type Runtime } from '@observatory/config';
import { ExportRunner, ExportsModule, queuedExportJob } from '@observatory/exports';
import { ExportJobEntity, PersistenceModule } from '@observatory/persistence';
import { QueueModule } from '@observatory/queue';

export interface ExportChildInput {
  /** The environment the worker's configuration is read from (bench/stack.ts `benchEnv`). */
  env: NodeJS.ProcessEnv;
  databaseUrl: string;
  exportDir: string;
  campaignKey: string;
  instrumentKey: string;
  version: string;
  /** `COPY (SELECT …) TO STDOUT WITH (FORMAT csv, HEADER true)` of the same rows and columns. */
  floorSql: string;
}

export interface ExportChildResult {
  rows: number;
  bytes: number;
  exportMs: number;
  floorMs: number;
  floorRuns: number[];
  floorBytes: number;
  floorRows: number;
  /** RSS just before the export (after a GC): the worker's own size, not the export's. */
  baselineRssMb: number;
  peakSampledRssMb: number;
  /** Peak RSS of the process up to the end of the export (`resourceUsage().maxRSS`). */
  maxRssMb: number;
  maxRssBeforeExportMb: number;
  /** What the export added to the process: peak RSS during the export minus the baseline. */
  exportGrowthMb: number;
  /** V8 heap and off-heap (external) memory just before the export and at the sampled peak. */
  heapBeforeMb: number;
  heapAtPeakMb: number;
  externalBeforeMb: number;
  externalAtPeakMb: number;
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
  const config = loadAppConfig(input.env);
  const app = await NestFactory.createApplicationContext(
    ExportBenchModule.forRoot({ config, databaseUrl: input.databaseUrl, embedded: false }),
    { logger: false },
  );
  await app.init();
  const floorSql = input.floorSql;
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
  const before = process.memoryUsage();
  const baselineRss = before.rss;
  const maxRssBeforeExport = process.resourceUsage().maxRSS * 1024;
  let peak = baselineRss;
  let atPeak = before;
  const sample = () => {
    const usage = process.memoryUsage();
    if (usage.rss > peak) {
      peak = usage.rss;
      atPeak = usage;
    }
  };
  const sampler = setInterval(sample, 20);

  const repository = app.get(DataSource).getRepository(ExportJobEntity);
  const job = repository.create(
    queuedExportJob({
      requestedBy: null,
      partnerKey: null,
      instrumentKey: input.instrumentKey,
      versions: [input.version],
      campaignKey: input.campaignKey,
      level: 'MICRODATA',
      format: 'CSV',
    }),
  );
  await repository.insert(job);
  const start = process.hrtime.bigint();
  const done = await app.get(ExportRunner).run(job.id);
  const exportMs = Number(process.hrtime.bigint() - start) / 1e6;
  clearInterval(sampler);
  sample();
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
    baselineRssMb: mb(baselineRss),
    peakSampledRssMb: mb(peak),
    maxRssMb: mb(maxRss),
    maxRssBeforeExportMb: mb(maxRssBeforeExport),
    exportGrowthMb: mb(Math.max(peak, maxRss) - baselineRss),
    heapBeforeMb: mb(before.heapTotal),
    heapAtPeakMb: mb(atPeak.heapTotal),
    externalBeforeMb: mb(before.external),
    externalAtPeakMb: mb(atPeak.external),
  };
  await app.close();
  return result;
}
