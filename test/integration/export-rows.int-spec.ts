/**
 * The microdata files made by `ExportRunner` (values extracted and combinations counted by
 * PostgreSQL, COPY streams, rows in a random order) are the files of the reference rules: every
 * stored submission read whole, `rowsFor` per table, `suppressRows` over the key columns (a block
 * table withheld under k contributing submissions), `csvRow` / `jsonlRow`. The reference follows
 * the file's own row order (by row id for `submissions`; for block tables, by matching each
 * written row to the stored item it masks), so the comparison is byte for byte. The stored answers
 * are made awkward on purpose: values of the wrong type or outside the categories, missing or
 * non-object groups, quotes, separators, tabs, backslashes, line breaks and non-ASCII text, repeat
 * items that are not objects, edge dates, anonymous rows, participants and pairs.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { ExportRunner, exportRowIdKey, queuedExportJob } from '@observatory/exports';
import type { InstrumentDefinition, JsonObject, JsonValue } from '@observatory/instrument-sdk';
import {
  buildExportLayout,
  csvField,
  csvHeader,
  csvRow,
  jsonLineSchema,
  jsonlRow,
  pseudonymFor,
  rowsFor,
  MULTIPLE_SEPARATOR,
  UTF8_BOM,
  type CellValue,
  type ExportSubmission,
  type ExportTable,
} from '../../libs/exports/src/format';
import { MASKED, suppressRows } from '../../libs/exports/src/local-suppression';
import { keyImportance } from '../../libs/exports/src/microdata-table';
import { RUNTIME, type Runtime } from '@observatory/config';
import { ExportJobEntity, dateColumnValue } from '@observatory/persistence';
import { seededRandom } from '@observatory/demo';
import { parseCsv } from '../support/csv';
import { publishRelease } from '../support/export-client';
import { maskMatching } from '../support/mask-matching';
import { seedCampaign } from '../support/campaign-fixture';
import { sampleAnswers } from '../support/sample-answers';
import { createTestApp, type TestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const SECRET = 'export-rows-secret-0123456789abcdef0123456789';
const load = (kind: string, key: string): InstrumentDefinition =>
  JSON.parse(
    fs.readFileSync(path.join(ROOT, 'instruments', kind, 'versions', `${key}@1.0.0.json`), 'utf8'),
  );
const INSTRUMENTS = [
  load('questionnaire', 'microobs-mediators'),
  load('observation-grid', 'techess-observation-day2'),
  load('skills-test', 'techess-pic-test'),
];
const CAMPAIGN = 'rows-a';
const OTHER_CAMPAIGN = 'rows-b';

const AWKWARD: JsonValue[] = [
  '',
  ' lead',
  'trail ',
  'a,b',
  'say "hi"',
  'two\nlines',
  'cr\r',
  'tab\there',
  'back\\slash',
  '\\N',
  '\\',
  'é ü — 😀',
  'x\u0001y',
  0,
  -1.5,
  2023,
  '2023',
  '0044',
  '-7',
  1e21,
  1.5e300,
  true,
  false,
  null,
  [],
  ['a', 1, 'b'],
  [''],
  ['x|y', 'z'],
  {},
  { a: 1 },
  '2023-05',
  '2023-05-17',
  '99-01',
];

function setAt(root: JsonObject, keys: readonly string[], value: JsonValue | undefined): void {
  let current: JsonObject = root;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      if (next !== undefined) return;
      current[key] = {};
    }
    current = current[key] as JsonObject;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete current[last];
  else current[last] = value;
}

/** Answers of `definition`, with some leaves (and groups) replaced by awkward values. */
function awkwardAnswers(definition: InstrumentDefinition, n: number, rare: boolean): JsonObject {
  const next = seededRandom(n * 7919 + definition.key.length);
  const answers = sampleAnswers(definition, { fillOptional: n % 2 === 0, seed: n % 5 });
  const layout = buildExportLayout([definition], { verbatims: true });
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const mangle = (scope: JsonObject, table: ExportTable, chance: number): void => {
    for (const column of table.columns) {
      if (column.source.kind !== 'answer') continue;
      // Quasi-identifiers stay common unless the row is one of the rare ones.
      const p = column.quasi && !rare ? 0 : chance;
      if (next() < p) setAt(scope, column.source.path, next() < 0.15 ? undefined : pick(AWKWARD));
    }
  };
  mangle(answers, layout.tables[0], 0.2);
  for (const table of layout.tables.slice(1)) {
    const items = table.repeatPath!.reduce<JsonValue | undefined>(
      (value, key) =>
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? value[key]
          : undefined,
      answers,
    );
    if (Array.isArray(items)) {
      for (const item of items) {
        if (item !== null && typeof item === 'object' && !Array.isArray(item))
          mangle(item, table, 0.2);
      }
      if (n % 7 === 0) items.splice(1, 0, 'not an item', null, [1]);
    } else if (n % 11 === 0) setAt(answers, table.repeatPath!, { not: 'a list' });
  }
  if (n % 13 === 0) {
    // A group that is not an object: every leaf under it is missing.
    const group = definition.fields.find((field) => field.type === 'group');
    if (group) answers[group.key] = n % 2 ? ['a'] : 'text';
  }
  return answers;
}

const DATES = ['2023-05-17', '2023-05-02', '2023-06-30', '2024-01-01'];
const EDGE_DATES = ['0999-12-31', '1000-01-01', '9999-12-31', '10000-01-01', '0044-03-15 BC'];
const BRANCHES = ['insertion', 'insertion', 'animation'];
const EDGE_BRANCHES = [null, '', 'a,b', 'tab\tb', 'back\\slash', 'é'];

interface Job {
  instrumentKey: string;
  campaignKey: string | null;
  partnerKey: string | null;
  format: 'CSV' | 'JSONL' | 'DATAPACKAGE';
}

describe('microdata export rows', () => {
  let api: TestApp;
  let db: DataSource;
  let exportDir: string;
  const partners: Record<string, { k: number; verbatims: boolean; campaigns: string[] }> = {
    'rows-partner': { k: 3, verbatims: true, campaigns: [CAMPAIGN, OTHER_CAMPAIGN] },
    'rows-strict': { k: 7, verbatims: false, campaigns: [CAMPAIGN] },
  };

  beforeAll(async () => {
    exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-rows-'));
    api = await createTestApp({
      DEMO_DATA: 'false',
      RUN_WORKER: 'false',
      EXPORT_DIR: exportDir,
      EXPORT_SECRET: SECRET,
    });
    db = api.app.get(DataSource);
    for (const key of [CAMPAIGN, OTHER_CAMPAIGN]) {
      await seedCampaign(api, {
        key,
        branches: ['insertion', 'animation'],
        phases: [{ key: 'p1', instrumentKeys: INSTRUMENTS.map((definition) => definition.key) }],
        pairs: [
          ['M01', 'P01'],
          ['M02', 'P02'],
          ["M'3\\x", 'P\t3'],
        ],
      });
    }
    const participants: { id: string; campaign_key: string }[] = await db.query(
      'SELECT id, campaign_key FROM participant ORDER BY code',
    );
    const pairs: { id: string; campaign_key: string }[] = await db.query(
      'SELECT id, campaign_key FROM pair ORDER BY code',
    );
    for (const definition of INSTRUMENTS) {
      for (let n = 0; n < 240; n++) {
        const rare = n % 9 === 0;
        const campaignKey = n % 10 === 3 ? OTHER_CAMPAIGN : CAMPAIGN;
        const participant = participants.filter((p) => p.campaign_key === campaignKey)[n % 4];
        const pair = pairs.filter((p) => p.campaign_key === campaignKey)[n % 4];
        await db.query(
          `INSERT INTO submission (id, instrument_key, instrument_version, campaign_key, phase_key, respondent_role,
                  branch, status, anonymous, answers, derived, redactions, submitted_on, participant_id, pair_id)
           VALUES ($1, $2, '1.0.0', $3, $4, $5, $6, $7, $8, $9, $10, '[]', $11::date, $12, $13)`,
          [
            randomUUID(),
            definition.key,
            campaignKey,
            n % 17 === 0 ? null : n % 5 === 0 ? 'p,1' : 'p1',
            ['MEDIATOR', 'PROFESSIONAL', 'MEDIATOR', 'other', null][n % 5],
            rare ? EDGE_BRANCHES[n % EDGE_BRANCHES.length] : BRANCHES[n % BRANCHES.length],
            n % 23 === 0 ? 'DRAFT' : 'COMPLETE',
            n % 6 === 5,
            JSON.stringify(awkwardAnswers(definition, n, rare)),
            JSON.stringify(
              n % 4 === 0
                ? { scores: { a: { score: n % 3 === 0 ? 1.5 : n } }, total: { score: '12' } }
                : { total: { score: n } },
            ),
            rare && n % 2 === 0 ? EDGE_DATES[n % EDGE_DATES.length] : DATES[n % DATES.length],
            n % 4 === 3 ? null : (participant?.id ?? null),
            n % 3 === 2 ? null : (pair?.id ?? null),
          ],
        );
      }
    }
    const create = `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { key } }`;
    for (const [key, partner] of Object.entries(partners)) {
      const reply = await api.gql(create, {
        input: {
          key,
          name: key,
          level: 'MICRODATA',
          k: partner.k,
          instrumentKeys: INSTRUMENTS.map((definition) => definition.key),
          campaignKeys: partner.campaigns,
          delivery: { mode: 'DOWNLOAD', verbatims: partner.verbatims },
        },
      });
      expect(reply.errors).toBeUndefined();
    }
    // Partners' exports read the current release: one holding every complete submission above.
    for (const definition of INSTRUMENTS) await publishRelease(api, definition.key);
  });

  afterAll(async () => {
    await api.close();
    fs.rmSync(exportDir, { recursive: true, force: true });
  });

  /**
   * The reference: every submission read whole, then the documented rules applied in memory, the
   * rows taken in the order the export wrote them (`written`: its files).
   */
  async function expected(
    job: Job,
    exportId: string,
    written: Map<string, string>,
  ): Promise<{ files: Map<string, string>; rows: number }> {
    const definition = INSTRUMENTS.find((candidate) => candidate.key === job.instrumentKey)!;
    const partner = job.partnerKey ? partners[job.partnerKey] : undefined;
    const k = partner?.k ?? 5;
    const pseudonymKey = job.partnerKey ?? 'internal';
    // The row id the database makes (`rowIdSql`): SHA-256 of the export's key and the UUID.
    const rowIdKey = exportRowIdKey(api.app.get<Runtime>(RUNTIME).config, exportId);
    const rowId = (id: string) =>
      `p_${createHash('sha256').update(`${rowIdKey}${id}`, 'utf8').digest('hex').slice(0, 20)}`;
    const campaigns = job.campaignKey ? [job.campaignKey] : (partner?.campaigns ?? null);
    const layout = buildExportLayout([definition], { verbatims: partner?.verbatims ?? false });
    const stored: Record<string, unknown>[] = await db.query(
      `SELECT s.id, s.instrument_version, s.campaign_key, s.phase_key, s.respondent_role, s.branch, s.anonymous,
              s.answers, s.derived, s.submitted_on, pr.code AS pair_code, pa.code AS participant_code
         FROM submission s
         LEFT JOIN pair pr ON pr.id = s.pair_id
         LEFT JOIN participant pa ON pa.id = s.participant_id
        WHERE s.instrument_key = $1 AND s.status = 'COMPLETE' AND s.instrument_version = ANY($2::text[])
          AND ($3::text[] IS NULL OR s.campaign_key = ANY($3::text[]))
        ORDER BY s.id`,
      [job.instrumentKey, ['1.0.0'], campaigns],
    );
    const submissions = stored.map((row): ExportSubmission => ({
      id: rowId(row.id as string),
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
      participant:
        row.participant_code && !row.anonymous
          ? pseudonymFor(SECRET, pseudonymKey, row.participant_code as string)
          : null,
      pair:
        row.pair_code && !row.anonymous
          ? pseudonymFor(SECRET, pseudonymKey, row.pair_code as string)
          : null,
    }));
    const extension = job.format === 'JSONL' ? 'jsonl' : 'csv';
    // JSON Lines write a multiple choice as its array of values, unless it is masked.
    const text = (table: ExportTable, row: CellValue[]) =>
      extension === 'csv'
        ? csvRow(row)
        : jsonlRow(
            table.columns,
            row.map((value, c) =>
              table.columns[c].source.kind === 'answer' &&
              table.columns[c].source.multiple === true &&
              typeof value === 'string' &&
              value !== MASKED
                ? value.split(MULTIPLE_SEPARATOR)
                : value,
            ),
          );
    /** The written records of a file, as the cells' texts (CSV) or values (JSONL). */
    const records = (table: ExportTable, file: string): CellValue[][] =>
      extension === 'csv'
        ? parseCsv(file).slice(1)
        : file
            .split('\n')
            .filter(Boolean)
            .map((line) => {
              const record = JSON.parse(line) as Record<string, CellValue | string[]>;
              return table.columns.map((column) => {
                const value = record[column.name];
                return Array.isArray(value) ? value.join(MULTIPLE_SEPARATOR) : value;
              });
            });
    const same = (a: CellValue, b: CellValue) =>
      extension === 'csv' ? csvField(a) === csvField(b) : a === b;

    const files = new Map<string, string>();
    let rows = 0;
    for (const table of layout.tables) {
      if (extension === 'jsonl') {
        files.set(
          `${table.name}.schema.json`,
          `${JSON.stringify(jsonLineSchema(table), null, 2)}\n`,
        );
      }
      const keys = table.columns.flatMap((column, index) => (column.quasi ? [index] : []));
      let input = submissions.flatMap((submission) => rowsFor(table, submission));
      const file = written.get(`${table.name}.${extension}`) ?? '';
      const output = records(table, file);
      if (table.repeatPath === undefined) {
        // Rows by id, in the file's order; every row written once.
        const byId = new Map(input.map((row) => [row[0] as string, row]));
        expect(output.length).toBe(input.length);
        input = output.map((row) => byId.get(String(row[0]))!);
        expect(input.every((row) => row !== undefined)).toBe(true);
      } else {
        const contributors = submissions.filter((s) => rowsFor(table, s).length > 0).length;
        if (contributors < k) {
          expect([table.name, output]).toEqual([table.name, []]);
          files.set(`${table.name}.${extension}`, headerOf(table));
          continue;
        }
        // Block rows have no id, and identical items are interchangeable: each written row is
        // a stored item with some key cells masked (a perfect matching), and the written key
        // values are, as a multiset, those of the reference.
        const fits = (out: CellValue[], row: CellValue[]) =>
          row.every(
            (cell, c) => same(out[c], cell) || (table.columns[c].quasi && out[c] === MASKED),
          );
        expect(output.length).toBe(input.length);
        expect([table.name, maskMatching(input, output, fits) === undefined]).toEqual([
          table.name,
          false,
        ]);
        const released = suppressRows(input, keys, k, {
          importance: keyImportance(keys.map((index) => table.columns[index].name)),
        }).rows as CellValue[][];
        const keyValues = (rows: CellValue[][]) =>
          rows.map((row) => JSON.stringify(keys.map((c) => csvField(row[c])))).sort();
        expect(keyValues(output)).toEqual(keyValues(released));
        files.set(`${table.name}.${extension}`, file);
        continue;
      }
      const released = suppressRows(input, keys, k, {
        importance: keyImportance(keys.map((index) => table.columns[index].name)),
      }).rows as CellValue[][];
      files.set(
        `${table.name}.${extension}`,
        headerOf(table) + released.map((row) => text(table, row)).join(''),
      );
      if (table.repeatPath === undefined) rows = released.length;
    }
    return { files, rows };

    function headerOf(table: ExportTable): string {
      // The CSV format starts with a byte-order mark (for Excel); data packages do not.
      const bom = job.format === 'CSV' ? UTF8_BOM : '';
      return extension === 'csv' ? bom + csvHeader(table.columns) : '';
    }
  }

  async function run(job: Job): Promise<{ files: Map<string, string>; entity: ExportJobEntity }> {
    const repository = db.getRepository(ExportJobEntity);
    const queued = repository.create(
      queuedExportJob({
        requestedBy: null,
        partnerKey: job.partnerKey,
        instrumentKey: job.instrumentKey,
        versions: ['1.0.0'],
        campaignKey: job.campaignKey,
        level: 'MICRODATA',
        format: job.format,
      }),
    );
    await repository.insert(queued);
    const { id } = queued;
    const entity = (await api.app.get(ExportRunner).run(id))!;
    expect(entity).toMatchObject({ status: 'COMPLETED', progress: 1, error: null });
    const files = new Map<string, string>();
    for (const file of entity.files) {
      if (/\.(csv|jsonl|schema\.json)$/.test(file.name))
        files.set(file.name, fs.readFileSync(path.join(exportDir, id, file.name), 'utf8'));
    }
    return { files, entity };
  }

  const jobs: Job[] = INSTRUMENTS.flatMap((definition) => [
    { instrumentKey: definition.key, campaignKey: CAMPAIGN, partnerKey: null, format: 'CSV' },
    {
      instrumentKey: definition.key,
      campaignKey: null,
      partnerKey: 'rows-partner',
      format: 'JSONL',
    },
    {
      instrumentKey: definition.key,
      campaignKey: null,
      partnerKey: 'rows-partner',
      format: 'DATAPACKAGE',
    },
    { instrumentKey: definition.key, campaignKey: null, partnerKey: 'rows-strict', format: 'CSV' },
  ]);

  it.each(jobs)(
    '$instrumentKey for $partnerKey ($campaignKey) as $format: the files of the reference rules',
    async (job) => {
      const { files, entity } = await run(job);
      const reference = await expected(job, entity.id, files);
      expect([...files.keys()].sort()).toEqual([...reference.files.keys()].sort());
      for (const [name, text] of reference.files) {
        const actual = files.get(name)!;
        // Line by line first: a difference then names the row.
        expect(actual.split('\n')).toEqual(text.split('\n'));
        expect(actual).toBe(text);
      }
      expect(entity.rowCount).toBe(reference.rows);
    },
  );

  it('masks cells for a strict partner, drops no row, and states the residual risk', async () => {
    const { files, entity } = await run({
      instrumentKey: 'microobs-mediators',
      campaignKey: null,
      partnerKey: 'rows-strict',
      format: 'DATAPACKAGE',
    });
    const stored = await db.query(
      `SELECT count(*)::int AS n FROM submission WHERE instrument_key = 'microobs-mediators' AND status = 'COMPLETE' AND campaign_key = $1`,
      [CAMPAIGN],
    );
    expect(entity.rowCount).toBe(stored[0].n);
    expect(files.get('submissions.csv')).toMatch(/,\*,|,\*\r\n/);
    const provenance = JSON.parse(
      fs.readFileSync(path.join(exportDir, entity.id, 'provenance.json'), 'utf8'),
    );
    const [risk] = provenance.risk.tables;
    expect(provenance.risk.k).toBe(7);
    expect(risk).toMatchObject({ table: 'submissions', rows: stored[0].n, rowsAtRisk: 0 });
    expect(risk.kAchieved).toBeGreaterThanOrEqual(7);
    expect(risk.rowsAtRiskBefore).toBeGreaterThan(0);
    expect(risk.keyColumns).toEqual(expect.arrayContaining(['phase', 'diploma', 'qualities']));
    expect(risk.keyColumns).not.toContain('submission_id');
    expect(provenance.suppressedCells).toBe(risk.maskedCellsTotal);
    expect(risk.maskedCellsTotal).toBe(
      Object.values(risk.maskedCells as Record<string, number>).reduce((a, b) => a + b, 0),
    );
  });

  it('draws a new row order, and new row ids, for every export', async () => {
    const job: Job = {
      instrumentKey: 'microobs-mediators',
      campaignKey: CAMPAIGN,
      partnerKey: 'rows-partner',
      format: 'CSV',
    };
    const first = parseCsv((await run(job)).files.get('submissions.csv')!).slice(1);
    const second = parseCsv((await run(job)).files.get('submissions.csv')!).slice(1);
    expect(first.length).toBeGreaterThan(100);
    expect(second.length).toBe(first.length);
    const ids = new Set(second.map((row) => row[0]));
    expect(first.filter((row) => ids.has(row[0]))).toEqual([]);
    // Without the ids, the rows come in another order.
    const rest = (rows: string[][]) => rows.map((row) => JSON.stringify(row.slice(1)));
    expect(rest(first)).not.toEqual(rest(second));
  });
});
