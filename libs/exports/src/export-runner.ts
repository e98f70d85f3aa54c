import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import QueryStream from 'pg-query-stream';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { AggregateQueryService } from '../../aggregation/src';
import type { Principal } from '../../auth/src';
import { RUNTIME, type Runtime } from '../../config/src/runtime';
import type { InstrumentDefinition, JsonObject } from '../../instrument-sdk/src';
import { InstrumentService } from '../../instruments/src';
import { DEFAULT_K, PartnerService } from '../../partners/src';
import {
  dateColumnValue,
  ExportJobEntity,
  type ExportFileRecord,
  type PartnerEntity,
} from '../../persistence/src';
import { ExportFile } from './export-file';
import { exportSecret } from './export-secret';
import {
  buildExportLayout,
  codebookMarkdown,
  csvHeader,
  csvRow,
  dataPackageDescriptor,
  jsonlRow,
  pseudonymFor,
  rowsFor,
  type CellValue,
  type ExportColumn,
  type ExportSubmission,
  type ExportTable,
} from './format';
import {
  applyStars,
  combinationKey,
  planKAnonymity,
  type KAnonymityPlan,
  type QuasiValue,
} from './k-anonymity-plan';

const PROGRESS_EVERY = 500;
const STREAM_BATCH = 500;

/** What an export level produced: its files, with counts for the provenance. */
interface ExportOutcome {
  files: ExportFileRecord[];
  rows: number;
  suppressedRows: number;
  suppressedCells?: number;
  tables: { table: ExportTable; file: ExportFileRecord; rows: number }[];
}

interface TableOutput {
  table: ExportTable;
  file: ExportFile;
  quasiIndexes: number[];
  plan?: KAnonymityPlan;
  rows: number;
}

/**
 * Produces the files of one export: rows streamed from a cursor and written as they come, so
 * memory stays flat whatever the size. Microdata are de-identified on the way: per-partner
 * pseudonyms, free text left out unless the agreement allows it, and k-anonymity over the
 * quasi-identifiers (planned in a first pass over their combinations, applied in the second).
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
    const secret = exportSecret(this.runtime.config);
    const pseudonymKey = partner?.key ?? 'internal';
    const extension = job.format === 'JSONL' ? 'jsonl' : 'csv';
    const mediaType = job.format === 'JSONL' ? 'application/x-ndjson' : 'text/csv';
    const toExport = (row: Record<string, unknown>): ExportSubmission => ({
      // Per partner too: stored ids are the same for everyone, so they would let partners join files.
      id: pseudonymFor(secret, pseudonymKey, `submission\n${row.id as string}`),
      instrumentVersion: row.instrument_version as string,
      campaignKey: row.campaign_key as string,
      phaseKey: row.phase_key as string | null,
      respondentRole: row.respondent_role as string | null,
      branch: row.branch as string | null,
      anonymous: row.anonymous as boolean,
      status: 'COMPLETE',
      answers: row.answers as JsonObject,
      derived: row.derived as JsonObject,
      submittedOn: dateColumnValue(row.submitted_on),
      participantCode: null,
      pairCode: null,
      // Anonymous rows carry no identifier at all; others a pseudonym of this partner only.
      participant:
        row.participant_code && !row.anonymous
          ? pseudonymFor(secret, pseudonymKey, row.participant_code as string)
          : null,
      pair:
        row.pair_code && !row.anonymous
          ? pseudonymFor(secret, pseudonymKey, row.pair_code as string)
          : null,
    });

    const outputs: TableOutput[] = layout.tables.map((table) => ({
      table,
      file: new ExportFile(directory, `${table.name}.${extension}`, mediaType),
      quasiIndexes: table.columns.flatMap((column, index) => (column.quasi ? [index] : [])),
      rows: 0,
    }));

    // Planning passes over the quasi-identifiers' combinations: first the submissions table, then
    // the block tables over the submissions that survive (dropping a submission drops its blocks,
    // which must not leave a published block combination under k).
    const campaigns = this.campaignsOf(job, partner);
    const [main, ...blocks] = outputs;
    const count = (
      output: TableOutput,
      submission: ExportSubmission,
      into: Map<string, { values: QuasiValue[]; count: number }>,
    ): void => {
      for (const values of rowsFor(output.table, submission)) {
        const quasi = output.quasiIndexes.map((i) => values[i]);
        const key = combinationKey(quasi);
        const entry = into.get(key);
        if (entry) entry.count += 1;
        else into.set(key, { values: quasi, count: 1 });
      }
    };
    const mainCombinations = new Map<string, { values: QuasiValue[]; count: number }>();
    const total = await this.streamSubmissions(job, campaigns, async (row) =>
      count(main, toExport(row), mainCombinations),
    );
    main.plan = planKAnonymity(mainCombinations, k);
    if (blocks.length) {
      const blockCombinations = blocks.map(
        () => new Map<string, { values: QuasiValue[]; count: number }>(),
      );
      await this.streamSubmissions(job, campaigns, async (row) => {
        const submission = toExport(row);
        if (this.suppressedByPlan(main, submission)) return;
        blocks.forEach((output, index) => count(output, submission, blockCombinations[index]));
      });
      blocks.forEach(
        (output, index) => (output.plan = planKAnonymity(blockCombinations[index], k)),
      );
    }

    // Second pass: write the rows, recoded and suppressed as planned.
    for (const output of outputs) {
      if (extension === 'csv') await output.file.write(csvHeader(output.table.columns));
    }
    let seen = 0;
    const suppressedSubmissions = new Set<string>();
    await this.streamSubmissions(job, campaigns, async (row) => {
      const submission = toExport(row);
      for (const output of outputs) {
        const isMain = output.table.name === 'submissions';
        if (!isMain && suppressedSubmissions.has(submission.id)) continue;
        for (const values of rowsFor(output.table, submission)) {
          const quasi = applyStars(
            output.quasiIndexes.map((i) => values[i]),
            output.plan!.starred,
          );
          if (output.plan!.suppressed.has(combinationKey(quasi))) {
            if (isMain) suppressedSubmissions.add(submission.id);
            continue;
          }
          const published: CellValue[] = [...values];
          output.quasiIndexes.forEach((columnIndex, i) => (published[columnIndex] = quasi[i]));
          await output.file.write(
            extension === 'csv' ? csvRow(published) : jsonlRow(output.table.columns, published),
          );
          output.rows += 1;
        }
      }
      seen += 1;
      if (seen % PROGRESS_EVERY === 0) await this.progress(job.id, seen / Math.max(total, 1));
    });

    const tables: { table: ExportTable; file: ExportFileRecord; rows: number }[] = [];
    for (const output of outputs)
      tables.push({ table: output.table, file: await output.file.finish(), rows: output.rows });
    return {
      files: tables.map((table) => table.file),
      rows: outputs[0]?.rows ?? 0,
      suppressedRows: outputs.reduce((sum, output) => sum + (output.plan?.suppressedRows ?? 0), 0),
      tables,
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

  /** Streams the COMPLETE submissions of the export from a server-side cursor; returns how many. */
  private async streamSubmissions(
    job: ExportJobEntity,
    campaigns: string[] | null,
    onRow: (row: Record<string, unknown>) => Promise<void>,
  ): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      const stream = client.query(
        new QueryStream(
          `SELECT s.id, s.instrument_version, s.campaign_key, s.phase_key, s.respondent_role, s.branch, s.anonymous,
                  s.answers, s.derived, s.submitted_on, pr.code AS pair_code, pa.code AS participant_code
             FROM submission s
             LEFT JOIN pair pr ON pr.id = s.pair_id
             LEFT JOIN participant pa ON pa.id = s.participant_id
            WHERE s.instrument_key = $1 AND s.status = 'COMPLETE' AND s.instrument_version = ANY($2::text[])
              AND ($3::text[] IS NULL OR s.campaign_key = ANY($3::text[]))
            ORDER BY s.id`,
          [job.instrumentKey, job.versions, campaigns],
          { batchSize: STREAM_BATCH },
        ),
      );
      let count = 0;
      for await (const row of stream) {
        await onRow(row as Record<string, unknown>);
        count += 1;
      }
      return count;
    } finally {
      await runner.release();
    }
  }

  /** Whether the plan drops this submission's row of the (single-row) submissions table. */
  private suppressedByPlan(output: TableOutput, submission: ExportSubmission): boolean {
    return rowsFor(output.table, submission).some((values) =>
      output.plan!.suppressed.has(
        combinationKey(
          applyStars(
            output.quasiIndexes.map((i) => values[i]),
            output.plan!.starred,
          ),
        ),
      ),
    );
  }

  private async progress(id: string, progress: number): Promise<void> {
    await this.dataSource
      .getRepository(ExportJobEntity)
      .update({ id }, { progress: Math.min(0.99, progress) });
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
