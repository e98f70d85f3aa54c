import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { AggregateQueryService } from '../../aggregation/src';
import type { Principal } from '../../auth/src';
import { RUNTIME, type Runtime } from '../../config/src/runtime';
import type { InstrumentDefinition, JsonObject } from '@observatory/instrument-sdk';
import { InstrumentService } from '../../instruments/src';
import { DEFAULT_K, PartnerService } from '../../partners/src';
import {
  ExportJobEntity,
  RAISE_WORK_MEM_SQL,
  type ExportFileRecord,
  type PartnerEntity,
} from '../../persistence/src';
import { copyOut } from './copy-out';
import { fieldsBetween } from './copy-text';
import { BufferedOutput, ExportFile } from './export-file';
import { serverSecret } from '../../config/src';
import {
  buildExportLayout,
  codebookMarkdown,
  csvHeader,
  csvRow,
  dataPackageDescriptor,
  jsonlRow,
  pseudonymiser,
  type CellValue,
  type ExportColumn,
  type ExportTable,
} from './format';
import { tableQueries, type MicrodataFilter } from './microdata-sql';
import { MicrodataTable } from './microdata-table';

const PROGRESS_EVERY = 500;
const PLAN_WORK_MEM_KB = 16 * 1024;

/** What an export level produced: its files, with counts for the provenance. */
interface ExportOutcome {
  files: ExportFileRecord[];
  rows: number;
  suppressedRows: number;
  suppressedCells?: number;
  tables: { table: ExportTable; file: ExportFileRecord; rows: number }[];
}

/**
 * Produces the files of one export: rows streamed from the database (`COPY … TO STDOUT`) and
 * written as they come, so memory stays flat whatever the size. Microdata are de-identified on the
 * way: per-partner pseudonyms, free text left out unless the agreement allows it, and k-anonymity
 * over the quasi-identifiers (planned from their combinations, counted by the database, then
 * applied row by row); see microdata-sql.ts and microdata-table.ts.
 */
@Injectable()
export class ExportRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly instruments: InstrumentService,
    private readonly partners: PartnerService,
    private readonly aggregates: AggregateQueryService,
  ) {}

  async run(exportId: string): Promise<ExportJobEntity | null> {
    const repository = this.dataSource.getRepository(ExportJobEntity);
    const job = await repository.findOneBy({ id: exportId });
    if (!job || job.status === 'COMPLETED') return job;
    await repository.update(
      { id: job.id },
      { status: 'RUNNING', attempts: job.attempts + 1, progress: 0, error: null },
    );
    const directory = `${this.runtime.config.exportDir}/${job.id}`;
    fs.mkdirSync(directory, { recursive: true });
    ExportFile.clearPartials(directory);

    const partner = job.partnerKey ? await this.partners.find(job.partnerKey) : undefined;
    const definitions = await this.definitions(job);
    const outcome =
      job.level === 'MICRODATA'
        ? await this.microdata(job, partner, definitions, directory)
        : await this.aggregateTables(job, partner, definitions, directory);

    const files = [...outcome.files];
    if (job.format === 'DATAPACKAGE')
      files.push(...(await this.packageFiles(job, partner, definitions, directory, outcome)));
    const now = new Date();
    await repository.update(
      { id: job.id },
      {
        status: 'COMPLETED',
        progress: 1,
        rowCount: outcome.rows,
        files,
        finishedAt: now,
        expiresAt: this.expiry(now),
      },
    );
    return repository.findOneBy({ id: job.id });
  }

  /** Records a failure: retried (QUEUED) while attempts remain, FAILED after the last. */
  async fail(exportId: string, error: unknown, final: boolean): Promise<void> {
    const message =
      error instanceof Error ? error.message.split('\n')[0].slice(0, 300) : 'export failed';
    await this.dataSource.getRepository(ExportJobEntity).update(
      { id: exportId },
      {
        status: final ? 'FAILED' : 'QUEUED',
        error: message,
        // A failed export's leftovers are removed by the retention job like any other.
        ...(final ? { finishedAt: new Date(), expiresAt: this.expiry(new Date()) } : {}),
      },
    );
  }

  private expiry(from: Date): Date {
    return new Date(from.getTime() + this.runtime.config.exportRetentionDays * 86_400_000);
  }

  private async definitions(job: ExportJobEntity): Promise<InstrumentDefinition[]> {
    const versions = await this.instruments.versions(job.instrumentKey);
    return versions
      .filter((version) => job.versions.includes(version.version))
      .reverse()
      .map((version) => version.definition);
  }

  private async microdata(
    job: ExportJobEntity,
    partner: PartnerEntity | undefined,
    definitions: InstrumentDefinition[],
    directory: string,
  ): Promise<ExportOutcome> {
    const layout = buildExportLayout(definitions, {
      verbatims: partner?.delivery.verbatims ?? false,
    });
    const k = partner?.k ?? DEFAULT_K;
    const pseudonym = pseudonymiser(serverSecret(this.runtime.config), partner?.key ?? 'internal');
    const format = job.format === 'JSONL' ? 'jsonl' : 'csv';
    const mediaType = job.format === 'JSONL' ? 'application/x-ndjson' : 'text/csv';
    const filter: MicrodataFilter = {
      instrumentKey: job.instrumentKey,
      versions: job.versions,
      campaigns: this.campaignsOf(job, partner),
    };
    const [mainTable, ...blockTables] = layout.tables;
    const main = new MicrodataTable(
      mainTable,
      tableQueries(mainTable, undefined, filter),
      pseudonym,
      format,
    );
    const tables = [
      main,
      ...blockTables.map(
        (table) =>
          new MicrodataTable(
            table,
            tableQueries(table, mainTable, filter),
            pseudonym,
            format,
            main,
          ),
      ),
    ];
    const progress = new ProgressReporter((value) => this.progress(job.id, value));

    const runner = this.dataSource.createQueryRunner();
    const outcome: { table: ExportTable; file: ExportFileRecord; rows: number }[] = [];
    try {
      const client = (await runner.connect()) as PoolClient;
      // One snapshot for every statement: the rows written are exactly the rows planned.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      try {
        // Dates as `YYYY-MM-DD` whatever the server's default (see `submittedMonth`).
        await client.query('SET LOCAL DateStyle = ISO');
        // Enough memory for PostgreSQL to count the combinations in a hash table (its estimate
        // of their number is pessimistic) rather than by sorting every row; never lowered.
        await client.query(RAISE_WORK_MEM_SQL, [PLAN_WORK_MEM_KB]);

        // Planning: PostgreSQL counts the combinations of quasi-identifiers, first of the
        // submissions table, then of each block table over the submissions that survive
        // (dropping a submission drops its blocks, which must not leave a published block
        // combination under k).
        let total = 0;
        for (const table of tables) {
          let counted = 0;
          await copyOut(client, table.queries.plan, (row) => {
            counted += table.countLine(row.toString('utf8', 0, row.length - 1));
          });
          if (table === main) total = counted;
          table.finishPlan(k);
        }

        // Writing: each table's rows, recoded and suppressed as planned, written as they come.
        for (const [index, table] of tables.entries()) {
          const file = new ExportFile(directory, `${table.table.name}.${format}`, mediaType);
          const output = new BufferedOutput(file);
          if (format === 'csv') await output.add(csvHeader(table.table.columns));
          const idField = table.queries.submissionIdField;
          let seen = 0;
          let lastId: string | undefined;
          await copyOut(client, table.queries.rows, (row) => {
            const line = row.toString('utf8', 0, row.length - 1);
            // Progress counts submissions (a block table has several rows for one).
            let next = table === main || idField === undefined;
            if (!next) {
              const id = fieldsBetween(line, idField!, idField! + 1);
              next = id !== lastId;
              lastId = id;
            }
            if (next && ++seen % PROGRESS_EVERY === 0) {
              progress.report((index + seen / Math.max(total, 1)) / tables.length);
            }
            const text = table.rowText(line);
            return text === undefined ? undefined : output.add(text);
          });
          await output.flush();
          outcome.push({ table: table.table, file: await file.finish(), rows: table.rows });
        }
        await client.query('COMMIT');
      } catch (error) {
        // After a failed statement the transaction is aborted: end it before the connection
        // goes back to the pool (a dead connection is dropped by the pool).
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
      await progress.settled();
    }
    progress.check();
    return {
      files: outcome.map((table) => table.file),
      rows: main.rows,
      suppressedRows: tables.reduce((sum, table) => sum + (table.plan?.suppressedRows ?? 0), 0),
      tables: outcome,
    };
  }

  /** Aggregates level: every top-level choice field, under the partner's disclosure control. */
  private async aggregateTables(
    job: ExportJobEntity,
    partner: PartnerEntity | undefined,
    definitions: InstrumentDefinition[],
    directory: string,
  ): Promise<ExportOutcome> {
    const principal: Principal = partner
      ? {
          keyId: job.requestedBy ?? '00000000-0000-0000-0000-000000000000',
          name: 'export',
          role: 'PARTNER',
          scope: { partnerKey: partner.key },
        }
      : {
          keyId: job.requestedBy ?? '00000000-0000-0000-0000-000000000000',
          name: 'export',
          role: 'ADMIN',
          scope: {},
        };
    const latest = definitions[definitions.length - 1];
    const fields = latest.fields.filter((field) =>
      ['single-choice', 'multiple-choice', 'boolean'].includes(field.type),
    );
    const table = aggregatesTable();
    const extension = job.format === 'JSONL' ? 'jsonl' : 'csv';
    const file = new ExportFile(
      directory,
      `aggregates.${extension}`,
      extension === 'csv' ? 'text/csv' : 'application/x-ndjson',
    );
    if (extension === 'csv') await file.write(csvHeader(table.columns));
    let rows = 0;
    let suppressedCells = 0;
    for (const [index, field] of fields.entries()) {
      const result = await this.aggregates.aggregate(principal, {
        instrumentKey: job.instrumentKey,
        versions: job.versions,
        campaignKey: job.campaignKey,
        field: field.key,
      });
      suppressedCells += result.suppressedCells;
      const labels = new Map(
        ('options' in field ? field.options : []).map((option) => [option.value, option.label.fr]),
      );
      for (const cell of result.cells) {
        const values: CellValue[] = [
          field.key,
          field.label.fr,
          cell.value,
          cell.value === null ? null : (labels.get(cell.value) ?? cell.value),
          cell.count,
          cell.suppressed,
        ];
        await file.write(extension === 'csv' ? csvRow(values) : jsonlRow(table.columns, values));
        rows += 1;
      }
      await this.progress(job.id, (index + 1) / Math.max(fields.length, 1));
    }
    const record = await file.finish();
    return {
      files: [record],
      rows,
      suppressedRows: 0,
      suppressedCells,
      tables: [{ table, file: record, rows }],
    };
  }

  private async packageFiles(
    job: ExportJobEntity,
    partner: PartnerEntity | undefined,
    definitions: InstrumentDefinition[],
    directory: string,
    outcome: {
      tables: { table: ExportTable; file: ExportFileRecord; rows: number }[];
      suppressedRows: number;
      suppressedCells?: number;
    },
  ): Promise<ExportFileRecord[]> {
    const versions = await this.instruments.versions(job.instrumentKey);
    const instrumentVersions = versions
      .filter((version) => job.versions.includes(version.version))
      .map((version) => ({ version: version.version, checksum: version.checksum }));
    const k = partner?.k ?? DEFAULT_K;
    const disclosure =
      job.level === 'MICRODATA'
        ? [
            `pseudonymes propres au partenaire (HMAC-SHA256) pour les participants et les binômes`,
            `k-anonymat (k = ${k}) sur les quasi-identifiants déclarés : recodage puis suppression`,
            partner?.delivery.verbatims ? 'verbatims nettoyés inclus' : 'aucun texte libre',
          ]
        : [`cellules inférieures à k = ${k} supprimées, avec suppression secondaire`];
    const provenance: JsonObject = {
      instrument: job.instrumentKey,
      instrumentVersions,
      campaign: job.campaignKey,
      partner: job.partnerKey,
      level: job.level,
      generatedAt: new Date().toISOString(),
      disclosure,
      suppressedRows: outcome.suppressedRows,
      suppressedCells: outcome.suppressedCells ?? 0,
    };
    const descriptor = dataPackageDescriptor({
      name: `${job.instrumentKey}-${job.level.toLowerCase()}`,
      title: `${definitions[definitions.length - 1].title.fr} (${job.level === 'MICRODATA' ? 'microdonnées' : 'agrégats'})`,
      resources: outcome.tables.map(({ table, file, rows }) => ({
        table,
        path: file.name,
        bytes: file.bytes,
        sha256: file.sha256,
        rows,
      })),
      provenance,
      created: provenance.generatedAt as string,
    });
    const packageFile = new ExportFile(directory, 'datapackage.json', 'application/json');
    await packageFile.write(`${JSON.stringify(descriptor, null, 2)}\n`);
    const codebook = new ExportFile(directory, 'codebook.md', 'text/markdown');
    await codebook.write(
      codebookMarkdown(
        { tables: outcome.tables.map(({ table }) => table) },
        {
          title: descriptor.title as string,
          instrumentVersions,
          campaign: job.campaignKey,
          generatedAt: provenance.generatedAt as string,
          disclosure,
          suppressedRows: outcome.suppressedRows,
          suppressedCells: outcome.suppressedCells ?? 0,
        },
      ),
    );
    const provenanceFile = new ExportFile(directory, 'provenance.json', 'application/json');
    await provenanceFile.write(`${JSON.stringify(provenance, null, 2)}\n`);
    return [await packageFile.finish(), await codebook.finish(), await provenanceFile.finish()];
  }

  /** The campaigns an export reads: the one asked for, else all those of the partner's agreement. */
  private campaignsOf(job: ExportJobEntity, partner: PartnerEntity | undefined): string[] | null {
    if (job.campaignKey) return [job.campaignKey];
    return partner ? partner.campaignKeys : null;
  }

  private async progress(id: string, progress: number): Promise<void> {
    await this.dataSource
      .getRepository(ExportJobEntity)
      .update({ id }, { progress: Math.min(0.99, progress) });
  }
}

/**
 * Progress updates in order without holding up the export (the rows keep streaming while one is
 * written); the first failure is raised at the end.
 */
class ProgressReporter {
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(private readonly update: (value: number) => Promise<void>) {}

  report(value: number): void {
    this.chain = this.chain
      .then(() => this.update(value))
      .catch((error: unknown) => {
        this.failure ??= error;
      });
  }

  settled(): Promise<void> {
    return this.chain;
  }

  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

function aggregatesTable(): ExportTable {
  const column = (name: string, title: string, type: ExportColumn['type']): ExportColumn => ({
    name,
    title,
    type,
    quasi: false,
    source: { kind: 'context', key: 'campaign' },
  });
  return {
    name: 'aggregates',
    title: 'Agrégats sous contrôle de divulgation',
    columns: [
      column('field', 'Question (clé)', 'string'),
      column('field_label', 'Question', 'string'),
      column('value', 'Modalité (clé)', 'string'),
      column('value_label', 'Modalité', 'string'),
      column('count', 'Effectif (vide si supprimé)', 'integer'),
      column('suppressed', 'Cellule supprimée', 'boolean'),
    ],
    primaryKey: [],
  };
}
