import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac, randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { AggregateQueryService, releaseMemberSql } from '@observatory/aggregation';
import type { Principal } from '@observatory/auth';
import { RUNTIME, type Runtime } from '@observatory/config';
import type { InstrumentDefinition, JsonObject } from '@observatory/instrument-sdk';
import { InstrumentService } from '@observatory/instruments';
import { DEFAULT_K, PartnerService } from '@observatory/partners';
import {
  ExportJobEntity,
  RAISE_WORK_MEM_SQL,
  type ExportFileRecord,
  type PartnerEntity,
} from '@observatory/persistence';
import { copyOut } from './copy-out';
import { BufferedOutput, ExportFile } from './export-file';
import { derivedKey, serverSecret, type AppConfig } from '@observatory/config';
import {
  buildExportLayout,
  codebookMarkdown,
  csvHeader,
  csvRow,
  dataPackageDescriptor,
  jsonLineSchema,
  jsonlRow,
  MEDIA_TYPES,
  pseudonymiser,
  UTF8_BOM,
  type CellValue,
  type ExportColumn,
  type ExportTable,
} from './format';
import { tableQueries, type ExportKeys, type MicrodataFilter } from './microdata-sql';
import { MicrodataTable, type TableRisk } from './microdata-table';

const PROGRESS_EVERY = 500;
const PLAN_WORK_MEM_KB = 16 * 1024;

/** What an export level produced: its files, with counts for the provenance. */
interface ExportOutcome {
  files: ExportFileRecord[];
  rows: number;
  suppressedRows: number;
  suppressedCells?: number;
  /** For a partner: the release its figures or rows come from (0: none published yet). */
  release?: number;
  /** Microdata: what disclosure control did to each table. */
  risk?: { k: number; tables: TableRisk[] };
  tables: { table: ExportTable; file: ExportFileRecord; rows: number }[];
}

/**
 * Produces the files of one export: rows streamed from the database (`COPY … TO STDOUT`) and
 * written as they come, so memory stays flat whatever the size. Microdata are de-identified on the
 * way: rows in a random order, row ids of this export only, per-partner pseudonyms, free text left
 * out unless the agreement allows it, and local suppression until every released combination of
 * key values is shared by k rows (planned from the combinations counted by the database, then
 * applied row by row); see microdata-sql.ts, microdata-table.ts and local-suppression.ts.
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
    if (job.format === 'JSONL') files.push(...(await this.lineSchemas(directory, outcome)));
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
    const mediaType = job.format === 'JSONL' ? MEDIA_TYPES.jsonl : MEDIA_TYPES.csv;
    const filter = this.population(job, partner);
    const keys: ExportKeys = {
      rowIdKey: exportRowIdKey(this.runtime.config, job.id),
      // A new seed for every run: a retry after a hash collision does not meet it again.
      hashSeed: randomInt(2 ** 47),
    };
    const tables = layout.tables.map(
      (table) => new MicrodataTable(table, tableQueries(table, filter, keys), pseudonym, format),
    );
    const progress = new ProgressReporter((value) => this.progress(job.id, value));

    const runner = this.dataSource.createQueryRunner();
    const outcome: { table: ExportTable; file: ExportFileRecord; rows: number }[] = [];
    let release: number | undefined;
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
        if (partner) release = (await this.currentRelease(client, job.instrumentKey)) ?? 0;

        // Planning: PostgreSQL counts each table's combinations of key values (and the
        // submissions a block table's rows come from); the plan is made from those counts.
        let total = 0;
        for (const table of tables) {
          await copyOut(client, table.queries.plan, (row) => {
            total += table.countLine(row.toString('utf8', 0, row.length - 1));
          });
          if (table.queries.contributors) {
            const [counted] = (await client.query(table.queries.contributors)).rows as {
              submissions: number;
            }[];
            table.contributors = counted.submissions;
          }
          table.finishPlan(k);
        }

        // Writing: each table's rows, in random order, masked as planned, written as they come.
        let seen = 0;
        for (const table of tables) {
          const file = new ExportFile(directory, `${table.table.name}.${format}`, mediaType);
          const output = new BufferedOutput(file);
          if (format === 'csv') await output.add(csvStart(job) + csvHeader(table.table.columns));
          await copyOut(client, table.queries.rows, (row) => {
            if (++seen % PROGRESS_EVERY === 0) progress.report(seen / Math.max(total, 1));
            const text = table.rowText(row.toString('utf8', 0, row.length - 1));
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
    const risks = tables.map((table) => table.risk());
    return {
      files: outcome.map((table) => table.file),
      rows: tables[0].rows,
      suppressedRows: risks.reduce((sum, risk) => sum + risk.droppedRows, 0),
      suppressedCells: risks.reduce((sum, risk) => sum + risk.maskedCellsTotal, 0),
      risk: { k, tables: risks },
      tables: outcome,
      release,
    };
  }

  /**
   * The submissions a microdata export reads: the instrument's chosen versions, the campaign
   * asked for or the agreement's campaigns; for a partner, only the members of the instrument's
   * current release, as for its aggregates. So a partner's exports change only when a release
   * advances (at least k respondents changed), never with one submission: the rows one export has
   * and the one before lacked are at least k people's. Erasures take effect at once.
   */
  private population(job: ExportJobEntity, partner: PartnerEntity | undefined): MicrodataFilter {
    return {
      instrumentKey: job.instrumentKey,
      versions: job.versions,
      campaigns: this.campaignsOf(job, partner),
      ...(partner ? { population: releaseMemberSql('s') } : {}),
    };
  }

  /** The number of the instrument's current release, read in the export's snapshot. */
  private async currentRelease(client: PoolClient, instrumentKey: string): Promise<number | null> {
    const { rows } = await client.query<{ number: number | null }>(
      'SELECT max(number) AS number FROM aggregate_release WHERE instrument_key = $1',
      [instrumentKey],
    );
    return rows[0].number;
  }

  /**
   * Aggregates level: every countable field (choices and booleans, in groups and repeats too),
   * each through `aggregate` itself, so a partner's file holds exactly the protected figures of
   * the current release that its queries get (the same perturbation, release and checks).
   */
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
    const fields = this.aggregates.countableFields(latest);
    const table = aggregatesTable();
    const extension = job.format === 'JSONL' ? 'jsonl' : 'csv';
    const file = new ExportFile(
      directory,
      `aggregates.${extension}`,
      extension === 'csv' ? MEDIA_TYPES.csv : MEDIA_TYPES.jsonl,
    );
    if (extension === 'csv') await file.write(csvStart(job) + csvHeader(table.columns));
    let rows = 0;
    let suppressedCells = 0;
    let release: number | undefined;
    for (const [index, field] of fields.entries()) {
      // Every field from the same release (a release that advances mid-way fails the attempt).
      const result = await this.aggregates.aggregate(
        principal,
        {
          instrumentKey: job.instrumentKey,
          versions: job.versions,
          campaignKey: job.campaignKey,
          field: field.name,
        },
        { release },
      );
      suppressedCells += result.suppressedCells;
      release ??= result.release?.number;
      for (const cell of result.cells) {
        const values: CellValue[] = [
          field.name,
          field.label,
          cell.value,
          cell.value === null ? null : (field.optionLabels.get(cell.value) ?? cell.value),
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
      release,
      tables: [{ table, file: record, rows }],
    };
  }

  private async packageFiles(
    job: ExportJobEntity,
    partner: PartnerEntity | undefined,
    definitions: InstrumentDefinition[],
    directory: string,
    outcome: ExportOutcome,
  ): Promise<ExportFileRecord[]> {
    const versions = await this.instruments.versions(job.instrumentKey);
    const instrumentVersions = versions
      .filter((version) => job.versions.includes(version.version))
      .map((version) => ({ version: version.version, checksum: version.checksum }));
    const k = partner?.k ?? DEFAULT_K;
    const disclosure =
      job.level === 'MICRODATA'
        ? [
            ...(partner
              ? [
                  `soumissions de la publication ${outcome.release || '— (aucune encore)'} seulement : le fichier ne change qu'avec une nouvelle publication (au moins k répondants de différence)`,
                ]
              : []),
            `pseudonymes propres au partenaire (HMAC-SHA256) pour les participants et les binômes ; identifiants de ligne propres à cet export`,
            `lignes dans un ordre aléatoire, différent à chaque export`,
            `k-anonymat (k = ${k}) sur toutes les colonnes publiées sauf identifiants et verbatims (variables clés, phase comprise) : suppression locale de cellules (*) jusqu'à ce que chaque combinaison publiée soit partagée par au moins k lignes`,
            `tables de blocs sans lien avec leur soumission, publiées seulement si leurs lignes viennent d'au moins k soumissions`,
            partner?.delivery.verbatims ? 'verbatims nettoyés inclus' : 'aucun texte libre',
          ]
        : partner
          ? [
              `publication ${outcome.release ?? '—'} figée, identique aux réponses de aggregate`,
              `méthode des clés de cellule : effectifs perturbés (écart au plus 3, variance 1, sans biais), aucun effectif publié entre 1 et ${k - 1}`,
              `groupes de moins de ${k} répondants omis, groupes dominés (toutes les réponses sauf moins de ${k} dans une modalité) masqués`,
              'répondants comptés une fois, quel que soit le nombre de blocs répétés',
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
      ...(outcome.release !== undefined ? { release: outcome.release } : {}),
      ...(outcome.risk ? { risk: riskJson(outcome.risk) } : {}),
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
    const packageFile = new ExportFile(directory, 'datapackage.json', MEDIA_TYPES.json);
    await packageFile.write(`${JSON.stringify(descriptor, null, 2)}\n`);
    const codebook = new ExportFile(directory, 'codebook.md', MEDIA_TYPES.markdown);
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
    const provenanceFile = new ExportFile(directory, 'provenance.json', MEDIA_TYPES.json);
    await provenanceFile.write(`${JSON.stringify(provenance, null, 2)}\n`);
    return [await packageFile.finish(), await codebook.finish(), await provenanceFile.finish()];
  }

  /** Beside each JSON Lines file, the JSON Schema of its lines (`<table>.schema.json`). */
  private async lineSchemas(
    directory: string,
    outcome: { tables: { table: ExportTable }[] },
  ): Promise<ExportFileRecord[]> {
    const files: ExportFileRecord[] = [];
    for (const { table } of outcome.tables) {
      const file = new ExportFile(directory, `${table.name}.schema.json`, MEDIA_TYPES.schema);
      await file.write(`${JSON.stringify(jsonLineSchema(table), null, 2)}\n`);
      files.push(await file.finish());
    }
    return files;
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
 * What a CSV file starts with: the UTF-8 byte-order mark in the `CSV` format, for spreadsheets
 * (French Excel reads a CSV without it as Windows-1252). Not in data packages: Frictionless readers
 * take their `encoding: utf-8` literally and would read the mark into the first column's name.
 */
function csvStart(job: ExportJobEntity): string {
  return job.format === 'CSV' ? UTF8_BOM : '';
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

/** The residual risk of a microdata export, as `provenance.json` states it. */
function riskJson(risk: { k: number; tables: TableRisk[] }): JsonObject {
  return {
    model:
      'k-anonymity over every key variable (all released columns but row ids, pseudonyms and verbatims), by local suppression; risk of a row = 1 / rows sharing its released key values',
    k: risk.k,
    tables: risk.tables.map((table) => ({ ...table })),
  };
}

/**
 * The key of one export's row ids (see `tableQueries`): HMAC of the export id under a key of
 * its own purpose, so the same within the export's files (and on a retry), unrelated to any
 * other export's. Sent to the database in the statement; it protects nothing beyond these ids.
 */
export function exportRowIdKey(config: AppConfig, exportId: string): string {
  return createHmac('sha256', derivedKey(config, 'export-row-ids')).update(exportId).digest('hex');
}
