import fc from 'fast-check';
import type { JsonObject, JsonValue } from '@observatory/instrument-sdk';
import { COPY_NULL } from './copy-text';
import {
  csvHeader,
  csvRow,
  jsonlRow,
  rowsFor,
  type CellValue,
  type ExportColumn,
  type ExportSubmission,
  type ExportTable,
} from './format';
import { applyStars, combinationKey, planKAnonymity, type QuasiValue } from './k-anonymity-plan';
import { tableQueries, type FieldReading } from './microdata-sql';
import { MicrodataTable, submittedMonth, UnplannedCombinationError } from './microdata-table';

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
    column('tools', 'string', { kind: 'answer', path: ['tools'], multiple: true }),
    column('training', 'boolean', { kind: 'answer', path: ['training'] }),
    column('score.total', 'number', { kind: 'derived', path: ['total', 'score'] }),
  ],
};

const people: ExportTable = {
  name: 'people',
  title: 'Personnes',
  primaryKey: ['submission_id', 'block_index'],
  repeatPath: ['people'],
  columns: [
    column('submission_id', 'string', { kind: 'context', key: 'submission_id' }),
    column('block_index', 'integer', { kind: 'block_index' }),
    column('age', 'integer', { kind: 'answer', path: ['age'] }, { quasi: true }),
    column('need', 'string', { kind: 'answer', path: ['need'] }),
  ],
};

const filter = { instrumentKey: 'i', versions: ['1.0.0'], campaigns: null };
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
  index: number,
  variant: boolean,
): string {
  const source = col.source;
  switch (reading) {
    case 'submission-id':
      return row.id;
    case 'code':
      return copyField(row.anonymous ? null : row.code);
    case 'index':
      return String(index);
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
      const value = valueAt(
        root,
        source.kind === 'block_index' || source.kind === 'context' ? [] : source.path,
      );
      return value === undefined ? COPY_NULL : copyField(jsonbText(value, variant));
    }
  }
}

function lines(
  table: ExportTable,
  parent: ExportTable | undefined,
  rows: Stored[],
  variants: (n: number) => boolean,
) {
  const queries = tableQueries(table, parent, filter);
  const parentQueries = parent ? tableQueries(parent, undefined, filter) : undefined;
  const out: string[] = [];
  rows.forEach((row, n) => {
    const items: [JsonValue, number][] = table.repeatPath
      ? (() => {
          const list = valueAt(row.answers, table.repeatPath);
          return Array.isArray(list)
            ? list.flatMap((item, i): [JsonValue, number][] =>
                item !== null && typeof item === 'object' && !Array.isArray(item)
                  ? [[item, i + 1]]
                  : [],
              )
            : [];
        })()
      : [[row.answers, 0]];
    for (const [scope, index] of items) {
      const fields: string[] = [];
      parentQueries?.quasiColumns.forEach((c) =>
        fields.push(
          field(parentQueries.readings[c], parent!.columns[c], row, row.answers, 0, variants(n)),
        ),
      );
      table.columns.forEach((col, c) => {
        fields[queries.fieldOfColumn[c]] = field(
          queries.readings[c],
          col,
          row,
          scope,
          index,
          variants(n),
        );
      });
      out.push(fields.join('\t'));
    }
  });
  return out;
}

/** The plan statement's lines: one per distinct quasi text (jsonb-equal texts grouped, one kept). */
function planLines(table: ExportTable, rowLines: string[]): string[] {
  const queries = tableQueries(table, undefined, filter);
  const width = queries.parentQuasi + queries.quasiColumns.length;
  const groups = new Map<string, { text: string; count: number }>();
  for (const line of rowLines) {
    const text = line.split('\t').slice(0, width).join('\t');
    const group = text.replace(/\.0(?=\t|$)/g, '');
    const entry = groups.get(group);
    if (entry) entry.count += 1;
    else groups.set(group, { text, count: 1 });
  }
  return [...groups.values()].map(({ text, count }) => (width ? `${text}\t${count}` : `${count}`));
}

function exportSubmission(row: Stored): ExportSubmission {
  return {
    id: pseudonym(`submission\n${row.id}`),
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

/** The reference rules, in memory (as the export runner applied them before PostgreSQL did). */
function reference(rows: Stored[], k: number, format: 'csv' | 'jsonl'): Record<string, string> {
  const all = rows.map(exportSubmission);
  const quasiOf = (table: ExportTable) => table.columns.flatMap((c, i) => (c.quasi ? [i] : []));
  const plan = (table: ExportTable, values: CellValue[][]) => {
    const counts = new Map<string, { values: QuasiValue[]; count: number }>();
    for (const row of values) {
      const quasi = quasiOf(table).map((i) => row[i]);
      const entry = counts.get(combinationKey(quasi));
      if (entry) entry.count += 1;
      else counts.set(combinationKey(quasi), { values: quasi, count: 1 });
    }
    return planKAnonymity(counts, k);
  };
  const publish = (table: ExportTable, p: ReturnType<typeof plan>, row: CellValue[]) => {
    const quasi = applyStars(
      quasiOf(table).map((i) => row[i]),
      p.starred,
    );
    if (p.suppressed.has(combinationKey(quasi))) return undefined;
    const out = [...row];
    quasiOf(table).forEach((index, i) => (out[index] = quasi[i]));
    return out;
  };
  const mainPlan = plan(
    submissions,
    all.flatMap((s) => rowsFor(submissions, s)),
  );
  const kept = all.filter((s) => publish(submissions, mainPlan, rowsFor(submissions, s)[0]));
  const files: Record<string, string> = {};
  for (const table of [submissions, people]) {
    const sources = table === submissions ? all : kept;
    const p =
      table === submissions
        ? mainPlan
        : plan(
            table,
            kept.flatMap((s) => rowsFor(table, s)),
          );
    files[table.name] = sources
      .flatMap((s) => rowsFor(table, s))
      .map((row) => publish(table, p, row))
      .filter((row): row is CellValue[] => row !== undefined)
      .map((row) => (format === 'csv' ? csvRow(row) : jsonlRow(table.columns, row)))
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
    tableQueries(submissions, undefined, filter),
    pseudonym,
    format,
  );
  const block = new MicrodataTable(
    people,
    tableQueries(people, submissions, filter),
    pseudonym,
    format,
    main,
  );
  const files: Record<string, string> = {};
  const mainLines = lines(submissions, undefined, rows, variants);
  const blockLines = lines(people, submissions, rows, variants);
  let counted = 0;
  for (const line of planLines(submissions, mainLines)) counted += main.countLine(line);
  expect(counted).toBe(rows.length);
  main.finishPlan(k);
  const blockWidth = tableQueries(people, submissions, filter).parentQuasi + 1;
  const blockGroups = new Map<string, number>();
  for (const line of blockLines) {
    const text = line.split('\t').slice(0, blockWidth).join('\t');
    blockGroups.set(text, (blockGroups.get(text) ?? 0) + 1);
  }
  for (const [text, count] of blockGroups) block.countLine(`${text}\t${count}`);
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

  it('recodes and suppresses rare combinations, and drops the blocks of suppressed rows', () => {
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
      people: [{ age: 30, need: 'x' }],
    };
    const rows = [
      ...Array.from({ length: 40 }, (_, n) => toStored(base, n)),
      toStored({ ...base, branch: 'sud', people: [{ age: 99, need: 'rare' }] }, 40),
    ];
    const { files, main, block } = exported(rows, 5, 'csv', () => false);
    expect(files).toEqual(reference(rows, 5, 'csv'));
    expect(main.plan).toMatchObject({ starred: [], suppressedRows: 1 });
    expect(main.rows).toBe(40);
    expect(block.rows).toBe(40);
    expect(files.people).not.toContain('rare');
    expect(csvHeader(submissions.columns)).toContain('submission_id,respondent_role,branch');
  });

  it('refuses a row whose combination was never counted', () => {
    const main = new MicrodataTable(
      submissions,
      tableQueries(submissions, undefined, filter),
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
    const [line] = lines(submissions, undefined, rows, () => false);
    main.finishPlan(5);
    expect(() => main.rowText(line)).toThrow(UnplannedCombinationError);
  });
});
