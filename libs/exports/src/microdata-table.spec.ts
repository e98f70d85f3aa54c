import fc from 'fast-check';
import type { JsonObject, JsonValue } from '@observatory/instrument-sdk';
import { COPY_NULL } from './copy-text';
import {
  csvHeader,
  csvRow,
  jsonlRow,
  rowsFor,
  selectionsFor,
  type CellValue,
  type ExportColumn,
  type ExportSubmission,
  type ExportTable,
} from './format';
import { MASKED, suppressRows } from './local-suppression';
import { tableQueries, type FieldReading } from './microdata-sql';
import {
  keyImportance,
  MicrodataTable,
  submittedMonth,
  KeyHashCollisionError,
  UnplannedCombinationError,
} from './microdata-table';

const column = (
  name: string,
  type: ExportColumn['type'],
  source: ExportColumn['source'],
  extra: Partial<ExportColumn> = {},
): ExportColumn => ({ name, title: name, type, quasi: false, source, ...extra });

const submissions: ExportTable = {
  name: 'submissions',
  title: 'Soumissions',
  primaryKey: ['submission_id'],
  columns: [
    column('submission_id', 'string', { kind: 'context', key: 'submission_id' }),
    column(
      'respondent_role',
      'string',
      { kind: 'context', key: 'respondent_role' },
      {
        quasi: true,
        categories: [{ value: 'MEDIATOR', label: 'Médiateur' }],
      },
    ),
    column('branch', 'string', { kind: 'context', key: 'branch' }, { quasi: true }),
    column('participant', 'string', { kind: 'context', key: 'participant' }),
    column(
      'submitted_month',
      'yearmonth',
      { kind: 'context', key: 'submitted_month' },
      {
        quasi: true,
      },
    ),
    column(
      'ageBand',
      'string',
      { kind: 'answer', path: ['ageBand'] },
      {
        quasi: true,
        categories: [
          { value: '18-25', label: '18-25' },
          { value: '26-35', label: '26-35' },
        ],
      },
    ),
    column('year', 'integer', { kind: 'answer', path: ['group', 'year'] }, { quasi: true }),
    column('note', 'string', { kind: 'answer', path: ['group', 'note'] }),
    column('tools', 'string', { kind: 'answer', path: ['tools'], multiple: true }, { quasi: true }),
    column('training', 'boolean', { kind: 'answer', path: ['training'] }, { quasi: true }),
    column('score.total', 'number', { kind: 'derived', path: ['total', 'score'] }, { quasi: true }),
  ],
};

const people: ExportTable = {
  name: 'people',
  title: 'Personnes',
  primaryKey: [],
  repeatPath: ['people'],
  columns: [
    column('age', 'integer', { kind: 'answer', path: ['age'] }, { quasi: true }),
    column('need', 'string', { kind: 'answer', path: ['need'] }),
  ],
};

const filter = { instrumentKey: 'i', versions: ['1.0.0'], campaigns: null };
const KEY = { rowIdKey: 'key', hashSeed: 7 };
/** What the database makes of a stored id (`rowIdSql`), and the partner's pseudonym of a code. */
const rowId = (id: string): string => `r<${id}>`;
const pseudonym = (code: string): string => `p<${code}>`;

/** A stored submission as the database has it: `day` as PostgreSQL prints the date. */
interface Stored {
  id: string;
  role: string | null;
  branch: string | null;
  code: string | null;
  anonymous: boolean;
  day: { pg: string; node: string };
  answers: JsonObject;
  derived: JsonObject;
}

const DAYS = [
  { pg: '2023-05-17', node: '2023-05-17' },
  { pg: '2023-05-02', node: '2023-05-02' },
  { pg: '2024-01-31', node: '2024-01-31' },
  { pg: '0999-12-31', node: '999-12-31' },
  { pg: '10000-01-01', node: '10000-01-01' },
  { pg: 'infinity', node: 'Infinity' },
];

function copyField(text: string | null): string {
  if (text === null) return COPY_NULL;
  return text.replace(
    /[\\\n\r\t]/g,
    (char) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[char]!,
  );
}

/** jsonb's text: numbers sometimes with a trailing `.0` (equal as jsonb, one value for Node). */
function jsonbText(value: JsonValue, variant: boolean): string {
  if (typeof value === 'number' && Number.isInteger(value) && variant) return `${value}.0`;
  return JSON.stringify(value);
}

function valueAt(root: JsonValue | undefined, path: readonly string[]): JsonValue | undefined {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** One field as PostgreSQL's COPY prints the SQL of `tableQueries`. */
function field(
  reading: FieldReading,
  col: ExportColumn,
  row: Stored,
  scope: JsonValue,
  variant: boolean,
): string {
  const source = col.source;
  switch (reading) {
    case 'row-id':
      return rowId(row.id);
    case 'code':
      return copyField(row.anonymous ? null : row.code);
    case 'date': {
      if (row.day.pg === 'infinity') return COPY_NULL;
      return `${row.day.pg.slice(0, row.day.pg.lastIndexOf('-'))}-01`;
    }
    case 'text':
      return copyField(
        source.kind === 'context' && source.key === 'branch' ? row.branch : row.role,
      );
    case 'json': {
      const root = source.kind === 'derived' ? row.derived : scope;
      const value = valueAt(root, source.kind === 'context' ? [] : source.path);
      return value === undefined ? COPY_NULL : copyField(jsonbText(value, variant));
    }
  }
}

/** Every field of a table's rows, as COPY prints them, in column order. */
function rawFields(table: ExportTable, rows: Stored[], variants: (n: number) => boolean) {
  const queries = tableQueries(table, filter, KEY);
  const out: string[][] = [];
  rows.forEach((row, n) => {
    const items: JsonValue[] = table.repeatPath
      ? (() => {
          const list = valueAt(row.answers, table.repeatPath);
          return Array.isArray(list)
            ? list.filter(
                (item) => item !== null && typeof item === 'object' && !Array.isArray(item),
              )
            : [];
        })()
      : [row.answers];
    for (const scope of items) {
      out.push(
        table.columns.map((col, c) => field(queries.readings[c], col, row, scope, variants(n))),
      );
    }
  });
  return out;
}

/**
 * The rows statement's lines, in the order of `rows` (the database's random order): the hash
 * of the key fields (here their text: any function of it does), then the other fields.
 */
function lines(table: ExportTable, rows: Stored[], variants: (n: number) => boolean) {
  const queries = tableQueries(table, filter, KEY);
  return rawFields(table, rows, variants).map((fields) => {
    const line = [hashOf(queries.keyColumns.map((c) => fields[c]))];
    table.columns.forEach((_, c) => {
      if (queries.fieldOfColumn[c] >= 0) line[queries.fieldOfColumn[c]] = fields[c];
    });
    return line.join('\t');
  });
}

/** A hash by value: jsonb-equal texts (a trailing `.0`) hash alike. */
function hashOf(keyFields: string[]): string {
  return `h${keyFields.map((text) => text.replace(/\.0$/, '')).join('|')}`.replace(/\t/g, ' ');
}

/**
 * The plan statement's lines: key fields, hash, count, one per group of jsonb-equal texts (one
 * text kept; the hash is by value, as `hash_record_extended`).
 */
function planLines(table: ExportTable, rows: Stored[], variants: (n: number) => boolean) {
  const queries = tableQueries(table, filter, KEY);
  const groups = new Map<string, { text: string; count: number }>();
  for (const fields of rawFields(table, rows, variants)) {
    const keys = queries.keyColumns.map((c) => fields[c]);
    const entry = groups.get(hashOf(keys));
    if (entry) entry.count += 1;
    else groups.set(hashOf(keys), { text: [...keys, hashOf(keys)].join('\t'), count: 1 });
  }
  return [...groups.values()].map(({ text, count }) => `${text}\t${count}`);
}

/** Submissions with at least one block item (an object). */
function contributors(rows: Stored[]): number {
  return rows.filter((row) => lines(people, [row], () => false).length > 0).length;
}

function exportSubmission(row: Stored): ExportSubmission {
  return {
    id: rowId(row.id),
    instrumentVersion: '1.0.0',
    campaignKey: 'c',
    phaseKey: null,
    respondentRole: row.role,
    branch: row.branch,
    participantCode: null,
    pairCode: null,
    anonymous: row.anonymous,
    status: 'COMPLETE',
    answers: row.answers,
    derived: row.derived,
    submittedOn: row.day.node,
    participant: row.code && !row.anonymous ? pseudonym(row.code) : null,
    pair: null,
  };
}

/**
 * JSON Lines writes a multiple choice as its array of values (taken from the answers: a value may
 * hold the CSV separator), unless it is masked.
 */
function jsonValues(row: CellValue[], selections: (string[] | null | undefined)[]) {
  return row.map((value, i) =>
    selections[i] !== undefined && value !== MASKED ? selections[i] : value,
  );
}

/**
 * The reference rules, in memory: every row of each table (in the same order), local
 * suppression over its key columns, a block table withheld under k contributing submissions.
 */
function reference(rows: Stored[], k: number, format: 'csv' | 'jsonl'): Record<string, string> {
  const all = rows.map(exportSubmission);
  const files: Record<string, string> = {};
  for (const table of [submissions, people]) {
    const keys = table.columns.flatMap((c, i) => (c.quasi ? [i] : []));
    const withheld = table === people && contributors(rows) < k;
    const selections = all.flatMap((s) => selectionsFor(table, s));
    // Each row carries its index past the key columns, to find its selections once released.
    const released = withheld
      ? []
      : suppressRows(
          all.flatMap((s) => rowsFor(table, s)).map((row, index) => [...row, index]),
          keys,
          k,
          { importance: keyImportance(keys.map((i) => table.columns[i].name)) },
        ).rows;
    files[table.name] = released
      .map((tagged) => {
        const row = tagged.slice(0, -1);
        const index = tagged[tagged.length - 1] as number;
        return format === 'csv'
          ? csvRow(row)
          : jsonlRow(table.columns, jsonValues(row, selections[index]));
      })
      .join('');
  }
  return files;
}

function exported(
  rows: Stored[],
  k: number,
  format: 'csv' | 'jsonl',
  variants: (n: number) => boolean,
) {
  const main = new MicrodataTable(
    submissions,
    tableQueries(submissions, filter, KEY),
    pseudonym,
    format,
  );
  const block = new MicrodataTable(people, tableQueries(people, filter, KEY), pseudonym, format);
  const files: Record<string, string> = {};
  const mainLines = lines(submissions, rows, variants);
  const blockLines = lines(people, rows, variants);
  let counted = 0;
  for (const line of planLines(submissions, rows, variants)) counted += main.countLine(line);
  expect(counted).toBe(rows.length);
  main.finishPlan(k);
  for (const line of planLines(people, rows, variants)) block.countLine(line);
  block.contributors = contributors(rows);
  block.finishPlan(k);
  files.submissions = mainLines.map((line) => main.rowText(line) ?? '').join('');
  files.people = blockLines.map((line) => block.rowText(line) ?? '').join('');
  return { files, main, block };
}

const AWKWARD: JsonValue[] = [
  '18-25',
  '26-35',
  'other',
  '',
  ' x',
  'a,b',
  'q"q',
  'l\nl',
  't\tt',
  'b\\s',
  2023,
  '2023',
  1.5,
  true,
  null,
  [],
  ['a', 1, 'b|c'],
  { a: 1 },
];

const storedRow = fc.record({
  role: fc.constantFrom('MEDIATOR', 'PROFESSIONAL', null),
  branch: fc.constantFrom('nord', 'sud', null, '', 'a\tb'),
  code: fc.constantFrom('M01', 'P\\02', null, ''),
  anonymous: fc.boolean(),
  day: fc.constantFrom(...DAYS),
  ageBand: fc.constantFrom<JsonValue | undefined>('18-25', '26-35', 'other', undefined),
  year: fc.constantFrom<JsonValue | undefined>(2023, '2023', 2024, 1.5, undefined),
  group: fc.constantFrom<'object' | 'text' | 'missing'>(
    'object',
    'object',
    'object',
    'text',
    'missing',
  ),
  note: fc.constantFrom(...AWKWARD),
  tools: fc.constantFrom(...AWKWARD),
  training: fc.constantFrom(...AWKWARD),
  score: fc.constantFrom<JsonValue>(3, 2.5, '4', null),
  people: fc.array(
    fc.oneof(
      fc.record({
        age: fc.constantFrom<JsonValue>(30, 31, '30', 'thirty', 2.5),
        need: fc.constantFrom(...AWKWARD),
      }),
      fc.constantFrom<JsonValue>('not an item', null, [1]),
    ),
    { maxLength: 3 },
  ),
});

function toStored(
  record: {
    role: string | null;
    branch: string | null;
    code: string | null;
    anonymous: boolean;
    day: { pg: string; node: string };
    ageBand: JsonValue | undefined;
    year: JsonValue | undefined;
    group: 'object' | 'text' | 'missing';
    note: JsonValue;
    tools: JsonValue;
    training: JsonValue;
    score: JsonValue;
    people: JsonValue[];
  },
  n: number,
): Stored {
  const answers: JsonObject = {
    tools: record.tools,
    training: record.training,
    people: record.people,
  };
  if (record.ageBand !== undefined) answers.ageBand = record.ageBand;
  if (record.group === 'object') {
    const group: JsonObject = { note: record.note };
    if (record.year !== undefined) group.year = record.year;
    answers.group = group;
  } else if (record.group === 'text') answers.group = 'not a group';
  return {
    id: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
    role: record.role,
    branch: record.branch,
    code: record.code,
    anonymous: record.anonymous,
    day: record.day,
    answers,
    derived: { total: { score: record.score } },
  };
}

describe('submittedMonth', () => {
  it('keeps the month of a four-digit year, as rowsFor does from node-postgres dates', () => {
    expect(submittedMonth('2023-05-01')).toBe('2023-05');
    expect(submittedMonth('1000-01-01')).toBe('1000-01');
    expect(submittedMonth('9999-12-01')).toBe('9999-12');
    expect(submittedMonth('0999-12-01')).toBeNull();
    expect(submittedMonth('10000-01-01')).toBeNull();
    expect(submittedMonth('0044-03-01 BC')).toBeNull();
    expect(submittedMonth('infinity')).toBeNull();
    expect(submittedMonth(null)).toBeNull();
  });
});

describe('MicrodataTable', () => {
  it('writes what the reference rules write, for any rows and k', () => {
    fc.assert(
      fc.property(
        fc.array(storedRow, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 2, max: 5 }),
        fc.constantFrom<'csv' | 'jsonl'>('csv', 'jsonl'),
        fc.boolean(),
        (records, k, format, variants) => {
          const rows = records.map(toStored);
          const { files } = exported(rows, k, format, (n) => variants && n % 2 === 1);
          expect(files).toEqual(reference(rows, k, format));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('masks the rare cells only, and withholds a block table of fewer than k submissions', () => {
    const base = {
      role: 'MEDIATOR',
      branch: 'nord',
      code: 'M01',
      anonymous: false,
      day: DAYS[0],
      ageBand: '18-25',
      year: 2023,
      group: 'object' as const,
      note: 'n',
      tools: ['a'],
      training: true,
      score: 3,
      people: [] as JsonValue[],
    };
    const rows = [
      ...Array.from({ length: 40 }, (_, n) =>
        toStored({ ...base, people: n < 4 ? [{ age: 30, need: 'x' }] : [] }, n),
      ),
      toStored({ ...base, branch: 'sud', people: [{ age: 99, need: 'rare' }] }, 40),
    ];
    const { files, main, block } = exported(rows, 5, 'csv', () => false);
    expect(files).toEqual(reference(rows, 5, 'csv'));
    expect(main.rows).toBe(41);
    const risk = main.risk();
    expect(risk).toMatchObject({
      rows: 41,
      rowsAtRiskBefore: 1,
      rowsAtRisk: 0,
      droppedRows: 0,
      maskedCells: { branch: 5 },
      maskedCellsTotal: 5,
    });
    expect(risk.kAchieved).toBeGreaterThanOrEqual(5);
    expect(files.submissions).not.toContain('sud');
    expect(files.submissions.split(`,${MASKED},`).length - 1).toBe(5);
    // 5 submissions have blocks: under k = 6 the block table is withheld, whatever its rows.
    expect(block.risk()).toMatchObject({ contributingSubmissions: 5, withheld: false });
    const strict = exported(rows, 6, 'csv', () => false);
    expect(strict.files.people).toBe('');
    expect(strict.block.risk()).toMatchObject({
      contributingSubmissions: 5,
      withheld: true,
      rows: 0,
      droppedRows: 5,
    });
    expect(csvHeader(submissions.columns)).toContain('submission_id,respondent_role,branch');
  });

  it('refuses two combinations under one hash (a retry draws another seed)', () => {
    const main = new MicrodataTable(
      submissions,
      tableQueries(submissions, filter, KEY),
      pseudonym,
      'csv',
    );
    const keys = tableQueries(submissions, filter, KEY).keyColumns.length;
    const fields = (branch: string) =>
      Array.from({ length: keys }, (_, i) => (i === 1 ? branch : COPY_NULL));
    main.countLine([...fields('nord'), 'h1', '3'].join('\t'));
    // The same combination under a second hash is fine (two texts of one value).
    main.countLine([...fields('nord'), 'h2', '1'].join('\t'));
    expect(() => main.countLine([...fields('sud'), 'h1', '2'].join('\t'))).toThrow(
      KeyHashCollisionError,
    );
  });

  it('refuses a row whose combination was never counted', () => {
    const main = new MicrodataTable(
      submissions,
      tableQueries(submissions, filter, KEY),
      pseudonym,
      'csv',
    );
    const rows = [
      toStored(
        {
          role: null,
          branch: 'nord',
          code: null,
          anonymous: true,
          day: DAYS[0],
          ageBand: '18-25',
          year: 2023,
          group: 'object',
          note: null,
          tools: null,
          training: null,
          score: null,
          people: [],
        },
        1,
      ),
    ];
    const [line] = lines(submissions, rows, () => false);
    main.finishPlan(5);
    expect(() => main.rowText(line)).toThrow(UnplannedCombinationError);
  });
});
