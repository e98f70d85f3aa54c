/**
 * The SQL of a microdata export. PostgreSQL extracts each column's stored value (a jsonb leaf as its
 * JSON text, a context column as text) and counts the combinations of quasi-identifiers, so Node
 * never parses whole answer documents; Node then applies what SQL does not (pseudonyms, types and
 * categories, the k-anonymity plan), with the same functions as `rowsFor`.
 *
 * Every statement is a `COPY (SELECT …) TO STDOUT` in text format (run with `DateStyle` ISO), and
 * COPY takes no parameters:
 * the few values (instrument key, versions, campaigns, key paths) are quoted literals, and the
 * pseudonym secret is never sent to the database.
 */
import type { ContextKey, ExportColumn, ExportTable } from './format';

/** Which rows an export reads: the COMPLETE submissions of an instrument's chosen versions. */
export interface MicrodataFilter {
  instrumentKey: string;
  versions: readonly string[];
  /** The campaigns read; `null` for every campaign. */
  campaigns: readonly string[] | null;
}

/**
 * How Node turns a field into a cell: `text` as is, `json` a jsonb leaf's JSON text (missing:
 * NULL), `date` a date in ISO style, `submission-id` the stored UUID to pseudonymise, `code` a
 * participant or pair code to pseudonymise (NULL for anonymous rows), `index` a block's position.
 */
export type FieldReading = 'text' | 'json' | 'date' | 'submission-id' | 'code' | 'index';

type Join = 'participant' | 'pair';

interface SqlField {
  sql: string;
  reading: FieldReading;
  join?: Join;
}

/** The statements and field layout of one export table. */
export interface TableQueries {
  /**
   * `COPY` of one line per distinct combination: the parent's quasi fields (block tables: those
   * of `submissions`, to drop the blocks of suppressed submissions), this table's quasi fields,
   * then the number of rows.
   */
  plan: string;
  /**
   * `COPY` of one line per row of the table, in file order: the parent's quasi fields, this
   * table's quasi fields, then every other column.
   */
  rows: string;
  /** Number of leading parent quasi fields (0 for `submissions`). */
  parentQuasi: number;
  /** This table's quasi columns (indexes into `table.columns`), in column order. */
  quasiColumns: number[];
  /** Column index → index of its field in a line of `rows`. */
  fieldOfColumn: number[];
  /** Column index → how its field is read. */
  readings: FieldReading[];
  /** Field of the submission's id in a line of `rows`, if the table has one. */
  submissionIdField?: number;
}

/** A SQL string literal, safe whatever `standard_conforming_strings` says. */
export function sqlText(value: string): string {
  if (value.includes('\0')) throw new Error('a SQL literal cannot hold a NUL character');
  const quoted = `'${value.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;
  return value.includes('\\') ? `E${quoted}` : quoted;
}

function textArray(values: readonly string[]): string {
  return `ARRAY[${values.map(sqlText).join(', ')}]::text[]`;
}

/**
 * `base -> 'a' -> 'b'`: like `valueAt`, NULL as soon as a step is not an object's key. Fields are
 * selected as their own types: COPY prints them with their output functions (jsonb as JSON text,
 * a date in the session's DateStyle, which the export sets to ISO), and grouping on a jsonb or a
 * date is cheaper than on its text.
 */
function jsonAt(base: string, path: readonly string[]): string {
  return path.reduce((expression, key) => `${expression} -> ${sqlText(key)}::text`, base);
}

const CONTEXT_SQL: Record<ContextKey, SqlField> = {
  submission_id: { sql: 's.id', reading: 'submission-id' },
  instrument_version: { sql: 's.instrument_version', reading: 'text' },
  campaign: { sql: 's.campaign_key', reading: 'text' },
  phase: { sql: 's.phase_key', reading: 'text' },
  respondent_role: { sql: 's.respondent_role', reading: 'text' },
  branch: { sql: 's.branch', reading: 'text' },
  // Anonymous rows carry no identifier at all.
  participant: {
    sql: 'CASE WHEN s.anonymous IS NOT TRUE THEN pa.code END',
    reading: 'code',
    join: 'participant',
  },
  pair: {
    sql: 'CASE WHEN s.anonymous IS NOT TRUE THEN pr.code END',
    reading: 'code',
    join: 'pair',
  },
  // The first day of the month (infinite dates: NULL), written `YYYY-MM` by Node (see
  // `submittedMonth`): a month has one text, so combinations are few.
  submitted_month: {
    sql: `s.submitted_on - (date_part('day', s.submitted_on)::int - 1)`,
    reading: 'date',
  },
};

/** A column's field; `scope` holds the answers its path is relative to (the repeat item in blocks). */
export function columnField(column: ExportColumn, scope: string): SqlField {
  const source = column.source;
  switch (source.kind) {
    case 'context':
      return CONTEXT_SQL[source.key];
    case 'block_index':
      return { sql: 'item.idx', reading: 'index' };
    case 'derived':
      return { sql: jsonAt('s.derived', source.path), reading: 'json' };
    case 'answer':
      return { sql: jsonAt(scope, source.path), reading: 'json' };
  }
}

function quasiIndexes(table: ExportTable): number[] {
  return table.columns.flatMap((column, index) => (column.quasi ? [index] : []));
}

/**
 * The statements of `table`; `parent` is `submissions` when `table` is a block table. Rows are in
 * submission id order (then block order), as the files have always been.
 */
export function tableQueries(
  table: ExportTable,
  parent: ExportTable | undefined,
  filter: MicrodataFilter,
): TableQueries {
  const block = table.repeatPath !== undefined;
  const scope = block ? 'item.value' : 's.answers';
  const parentFields = parent
    ? quasiIndexes(parent).map((index) => columnField(parent.columns[index], 's.answers'))
    : [];
  const quasiColumns = quasiIndexes(table);
  const otherColumns = table.columns.flatMap((column, index) => (column.quasi ? [] : [index]));
  const fields = table.columns.map((column) => columnField(column, scope));
  const quasiFields = quasiColumns.map((index) => fields[index]);
  const fieldOfColumn: number[] = [];
  [...quasiColumns, ...otherColumns].forEach(
    (column, position) => (fieldOfColumn[column] = parentFields.length + position),
  );

  const from = (used: SqlField[]): string => {
    const joins = new Set(used.flatMap((field) => (field.join ? [field.join] : [])));
    const items = block
      ? (() => {
          const repeat = jsonAt('s.answers', table.repeatPath!);
          return ` CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(${repeat}) = 'array' THEN ${repeat} ELSE '[]'::jsonb END) WITH ORDINALITY AS item(value, idx)`;
        })()
      : '';
    return [
      `FROM submission s${items}`,
      ...(joins.has('pair') ? ['LEFT JOIN pair pr ON pr.id = s.pair_id'] : []),
      ...(joins.has('participant') ? ['LEFT JOIN participant pa ON pa.id = s.participant_id'] : []),
      `WHERE s.instrument_key = ${sqlText(filter.instrumentKey)} AND s.status = 'COMPLETE'`,
      `AND s.instrument_version = ANY(${textArray(filter.versions)})`,
      ...(filter.campaigns ? [`AND s.campaign_key = ANY(${textArray(filter.campaigns)})`] : []),
      // A repeat item that is not an object gives no row (its position still counts).
      ...(block ? [`AND jsonb_typeof(item.value) = 'object'`] : []),
    ].join(' ');
  };

  const grouped = [...parentFields, ...quasiFields];
  const groupBy = grouped.length
    ? ` GROUP BY ${grouped.map((_, index) => index + 1).join(', ')}`
    : '';
  const plan = `COPY (SELECT ${[...grouped.map((field) => field.sql), 'count(*)'].join(', ')} ${from(grouped)}${groupBy}) TO STDOUT`;

  const selected = [...parentFields, ...quasiFields, ...otherColumns.map((index) => fields[index])];
  const rows = `COPY (SELECT ${selected.map((field) => field.sql).join(', ')} ${from(selected)} ORDER BY s.id${block ? ', item.idx' : ''}) TO STDOUT`;

  const idColumn = table.columns.findIndex(
    (column) => column.source.kind === 'context' && column.source.key === 'submission_id',
  );
  return {
    plan,
    rows,
    parentQuasi: parentFields.length,
    quasiColumns,
    fieldOfColumn,
    readings: fields.map((field) => field.reading),
    ...(idColumn >= 0 ? { submissionIdField: fieldOfColumn[idColumn] } : {}),
  };
}
