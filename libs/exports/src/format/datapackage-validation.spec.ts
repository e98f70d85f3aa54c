import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Field,
  InstrumentDefinition,
  JsonObject,
  JsonValue,
} from '@observatory/instrument-sdk';
import { csvHeader, csvRow } from './csv';
import { dataPackageDescriptor } from './data-package';
import { buildExportLayout } from './export-layout';
import type { CellValue, ExportLayout } from './export-types';
import { suppressRows } from '../local-suppression';
import { pseudonymFor } from './pseudonym';
import { rowsFor, type ExportSubmission } from './row-values';

/** The part of the untyped `datapackage` library (Frictionless, Table Schema v1) used here. */
interface FrictionlessResource {
  name: string;
  descriptor: {
    path: string;
    schema: { fields: { name: string }[] };
    observatory: { rows: number };
  };
  read(options: { cast: boolean; relations?: boolean }): Promise<unknown[][]>;
}
interface FrictionlessPackage {
  valid: boolean;
  errors: Error[];
  resources: FrictionlessResource[];
}
interface FrictionlessModule {
  Package: {
    load(descriptor: string, options: { basePath: string }): Promise<FrictionlessPackage>;
  };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS library, test only
const { Package } = require('datapackage') as FrictionlessModule;

const INSTRUMENTS = join(__dirname, '../../../../instruments');
const BUILT_IN = [
  'debrief/versions/techess-debrief@1.0.0.json',
  'observation-grid/versions/techess-observation-day1@1.0.0.json',
  'observation-grid/versions/techess-observation-day2@1.0.0.json',
  'questionnaire/versions/microobs-mediators@1.0.0.json',
  'skills-test/versions/techess-pic-test@1.0.0.json',
];

const load = (file: string) =>
  JSON.parse(readFileSync(join(INSTRUMENTS, file), 'utf8')) as InstrumentDefinition;

/** Text that exercises CSV quoting: commas, quotes, line breaks, edge spaces, accents. */
const awkwardText = (n: number) => ` Réponse ${n}, avec des "guillemets"\r\net un | retour `;

/** A stored (already anonymised) answer to a field, or `undefined` when left unanswered. */
function storedAnswer(field: Field, n: number): JsonValue | undefined {
  if (field.privacy === 'identifier') return undefined;
  if (!field.required && n % 4 === 3) return undefined;
  const quasi = field.privacy === 'quasi' ? field.generalisation : undefined;
  switch (field.type) {
    case 'group':
      return storedItem(field.fields, n);
    case 'repeat':
      return Array.from({ length: 1 + (n % 3) }, (_, i) => storedItem(field.fields, n + i));
    case 'matrix':
      return Object.fromEntries(
        field.rows.map((row, r) => [
          row.key,
          Object.fromEntries(
            field.columns.map((column, c) => {
              const cell = field.cell;
              const k = n + r + c;
              if (cell.type === 'single-choice')
                return [column.key, cell.options[k % cell.options.length].value];
              if (cell.type === 'scale')
                return [column.key, cell.min + (k % (cell.max - cell.min + 1))];
              return [column.key, awkwardText(k)];
            }),
          ),
        ]),
      );
    case 'single-choice':
      return field.options[n % field.options.length].value;
    case 'multiple-choice':
      return [...new Set([field.options[n % field.options.length].value, field.options[0].value])];
    case 'short-text':
    case 'long-text':
      if (quasi?.kind === 'postcode-departement') return ['44', '2A', '974', '35'][n % 4];
      return awkwardText(n);
    case 'integer':
    case 'number':
    case 'duration':
      return (field.min ?? 0) + n + (field.type === 'number' ? 0.25 : 0);
    case 'scale':
      return field.min + (n % (field.max - field.min + 1));
    case 'boolean':
      return n % 2 === 0;
    case 'date':
      if (quasi?.kind === 'date-month') return `2023-0${1 + (n % 9)}`;
      if (quasi?.kind === 'date-year') return '2023';
      return '2023-05-17';
  }
}

function storedItem(fields: readonly Field[], n: number): JsonObject {
  const item: JsonObject = {};
  for (const field of fields) {
    const value = storedAnswer(field, n);
    if (value !== undefined) item[field.key] = value;
  }
  return item;
}

function scores(definition: InstrumentDefinition, n: number): JsonObject {
  const areas = Array.isArray(definition.settings?.areas) ? definition.settings.areas : [];
  const perArea: JsonObject = {};
  for (const area of areas) {
    if (area && typeof area === 'object' && !Array.isArray(area) && typeof area.key === 'string') {
      perArea[area.key] = { score: n % 5, max: 4 };
    }
  }
  return { scores: perArea, total: { score: (n % 5) * areas.length, max: 4 * areas.length } };
}

function syntheticSubmissions(definition: InstrumentDefinition, count: number): ExportSubmission[] {
  return Array.from({ length: count }, (_, n) => {
    const participantCode = definition.anonymous ? null : `P-${n}`;
    return {
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      instrumentVersion: definition.version,
      campaignKey: 'techess-2023',
      phaseKey: n % 2 === 0 ? 'seminaire' : null,
      respondentRole: n % 2 === 0 ? 'MEDIATOR' : 'PROFESSIONAL',
      branch: ['nantes', 'rennes', null][n % 3],
      participantCode,
      pairCode: n % 3 === 0 ? null : `B-${n % 2}`,
      anonymous: definition.anonymous === true,
      status: 'COMPLETE',
      answers: storedItem(definition.fields, n),
      derived: definition.kind === 'skills-test' ? scores(definition, n) : {},
      submittedOn: `2023-0${4 + (n % 3)}-1${n % 10}`,
      participant:
        participantCode === null ? null : pseudonymFor('secret', 'marsouin', participantCode),
      pair: n % 3 === 0 ? null : pseudonymFor('secret', 'marsouin', `B-${n % 2}`),
    };
  });
}

/** Writes every table as CSV plus `datapackage.json`; returns the descriptor's path. */
function writePackage(
  dir: string,
  layout: ExportLayout,
  submissions: ExportSubmission[],
  kAnonymity?: number,
): string {
  const resources = layout.tables.map((table) => {
    let rows: CellValue[][] = submissions.flatMap((submission) => rowsFor(table, submission));
    if (kAnonymity !== undefined) {
      const keys = table.columns.flatMap((column, index) => (column.quasi ? [index] : []));
      rows = suppressRows(rows, keys, kAnonymity).rows;
    }
    const text = csvHeader(table.columns) + rows.map(csvRow).join('');
    const path = `${table.name}.csv`;
    writeFileSync(join(dir, path), text, 'utf8');
    const bytes = Buffer.from(text, 'utf8');
    return {
      table,
      path,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      rows: rows.length,
    };
  });
  const descriptor = dataPackageDescriptor({
    name: 'validation',
    title: 'Validation',
    resources,
    provenance: { generator: 'datapackage-validation.spec' },
    created: '2024-01-02T03:04:05Z',
  });
  const descriptorPath = join(dir, 'datapackage.json');
  writeFileSync(descriptorPath, JSON.stringify(descriptor, null, 2), 'utf8');
  return descriptorPath;
}

async function expectValid(descriptorPath: string, dir: string): Promise<void> {
  const dataPackage = await Package.load(descriptorPath, { basePath: dir });
  if (!dataPackage.valid) console.error(dataPackage.errors);
  expect(dataPackage.valid).toBe(true);
  expect(dataPackage.resources.length).toBeGreaterThan(0);
  for (const resource of dataPackage.resources) {
    // Casts every row against the schema, checks the primary key and resolves foreign keys.
    const rows = await resource.read({ cast: true, relations: true });
    expect(rows).toHaveLength(resource.descriptor.observatory.rows);
    const firstLine = readFileSync(join(dir, resource.descriptor.path), 'utf8').split('\r\n')[0];
    expect(firstLine).toBe(resource.descriptor.schema.fields.map((field) => field.name).join(','));
  }
}

describe('exported data packages validate with the Frictionless library', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'export-format-'));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const cases = BUILT_IN.flatMap((file) =>
    [true, false].map((verbatims) => [file, verbatims] as const),
  );

  it.each(cases)('%s (verbatims: %s)', async (file, verbatims) => {
    const definition = load(file);
    const dir = mkdtempSync(join(root, 'pkg-'));
    const layout = buildExportLayout([definition], { verbatims });
    const submissions = syntheticSubmissions(definition, 6);
    // Masked values (`*`), in columns of any type, must validate too: run disclosure control on
    // one of the two.
    await expectValid(writePackage(dir, layout, submissions, verbatims ? undefined : 3), dir);
  });

  it('fails when a column does not match its declared type', async () => {
    const definition = load('questionnaire/versions/microobs-mediators@1.0.0.json');
    const dir = mkdtempSync(join(root, 'bad-'));
    const layout = buildExportLayout([definition], { verbatims: true });
    const campaign = layout.tables[0].columns.find((column) => column.name === 'campaign');
    if (!campaign) throw new Error('no campaign column');
    campaign.type = 'integer';
    const descriptorPath = writePackage(dir, layout, syntheticSubmissions(definition, 3));
    const dataPackage = await Package.load(descriptorPath, { basePath: dir });
    expect(dataPackage.valid).toBe(true);
    await expect(dataPackage.resources[0].read({ cast: true })).rejects.toThrow();
  });
});
