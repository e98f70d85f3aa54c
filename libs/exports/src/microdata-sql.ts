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

/**
 * The hash that ties a row to its combination in the plan: PostgreSQL's 64-bit hash of the key
 * fields as a record, each field hashed by its type (values equal as jsonb, `2023` and `2023.0`,
 * hash alike, as GROUP BY puts them together). Two combinations could share a hash (about
 * C² / 2⁶⁵ for C combinations): the plan detects it (`KeyHashCollisionError`), and a retry of
 * the export draws another seed.
 */
function keyHash(fields: readonly SqlField[], seed: number): string {
  if (fields.length === 0) return `0`;
  return `hash_record_extended(ROW(${fields.map((field) => field.sql).join(', ')}), ${seed})`;
}

/** What makes one export's statements its own. */
export interface ExportKeys {
  /** The key of this export's row ids (see `rowIdSql`). */
  rowIdKey: string;
  /** The seed of the key hash (a safe integer), drawn for each run of the export. */
  hashSeed: number;
}

/**
 * Which rows an export reads: the COMPLETE submissions of an instrument's chosen versions, of some
 * campaigns, and, when `population` is given, only those it admits.
 */
export interface MicrodataFilter {
  instrumentKey: string;
  versions: readonly string[];
  /** The campaigns read; `null` for every campaign. */
  campaigns: readonly string[] | null;
  /**
   * One more SQL predicate over the submission row `s`, ANDed into every statement of the export
   * (the counts, the rows, the contributors of a block table), so that the planned and written
   * populations stay the same: e.g. `s.id IN (SELECT … FROM <release members> …)` to restrict
   * a partner's export to the members of the release it may see. Built by the service, never from
   * user input.
   */
  population?: string;
}

/**
 * How Node turns a field into a cell: `text` as is, `json` a jsonb leaf's JSON text (missing:
 * NULL), `date` a date in ISO style, `row-id` this export's row id (made by the database, each
 * different: never remembered), `code` a participant or pair code to pseudonymise (NULL for
 * anonymous rows).
 */
export type FieldReading = 'text' | 'json' | 'date' | 'row-id' | 'code';

type Join = 'participant' | 'pair';

interface SqlField {
  sql: string;
  reading: FieldReading;
  join?: Join;
}

/** The statements and field layout of one export table. */
export interface TableQueries {
  /**
   * `COPY` of one line per distinct combination of the key fields (the table's key-variable
   * columns, `quasi`): those fields, the combination's hash, then the number of rows. The hash
   * is computed once per combination, from the fields as grouped.
   */
  plan: string;
  /**
   * `COPY` of one line per row of the table, in a random order drawn afresh by each statement:
   * the hash of its key fields (which the plan lists), then every other column. The key fields
   * themselves are not sent again: their cells come from the plan.
   */
  rows: string;
  /**
   * Block tables: a query of one row (`submissions`) counting the distinct submissions the
   * table's rows come from.
   */
  contributors?: string;
  /** The table's key columns (indexes into `table.columns`), in column order. */
  keyColumns: number[];
  /** Column index → index of its field in a line of `rows` (−1 for a key column). */
  fieldOfColumn: number[];
  /** Column index → how its field is read. */
  readings: FieldReading[];
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
  // Replaced by the row id of the export (see `rowIdSql`).
  submission_id: { sql: 's.id', reading: 'row-id' },
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
    case 'derived':
      return { sql: jsonAt('s.derived', source.path), reading: 'json' };
    case 'answer':
      return { sql: jsonAt(scope, source.path), reading: 'json' };
  }
}

function keyIndexes(table: ExportTable): number[] {
  return table.columns.flatMap((column, index) => (column.quasi ? [index] : []));
}

/**
 * This export's id of a row: `p_` and 20 hex digits of SHA-256(`rowIdKey` + the submission's
 * UUID). `rowIdKey` is made for one export (export-runner.ts), so the ids of two exports are
 * unrelated; the database computes them, so no UUID reaches Node.
 */
function rowIdSql(rowIdKey: string): string {
  return `'p_' || left(encode(sha256(convert_to(${sqlText(rowIdKey)} || s.id::text, 'UTF8')), 'hex'), 20)`;
}

/**
 * The statements of `table` (`submissions`, or a block table: its rows are the repeat's items).
 * Rows come in a random order (`gen_random_uuid()`, drawn from the server's strong random source,
 * afresh for every export): nothing in a file's order matches another file's.
 */
export function tableQueries(
  table: ExportTable,
  filter: MicrodataFilter,
  { rowIdKey, hashSeed }: ExportKeys,
): TableQueries {
  if (!Number.isSafeInteger(hashSeed))
    throw new Error('tableQueries: the hash seed is not an integer');
  const block = table.repeatPath !== undefined;
  const scope = block ? 'item.value' : 's.answers';
  const keyColumns = keyIndexes(table);
  const otherColumns = table.columns.flatMap((column, index) => (column.quasi ? [] : [index]));
  const fields = table.columns.map((column) => {
    const field = columnField(column, scope);
    return field.reading === 'row-id' ? { ...field, sql: rowIdSql(rowIdKey) } : field;
  });
  const keyFields = keyColumns.map((index) => fields[index]);
  const fieldOfColumn: number[] = table.columns.map(() => -1);
  otherColumns.forEach((column, position) => (fieldOfColumn[column] = position + 1));

  const from = (used: SqlField[]): string => {
    const joins = new Set(used.flatMap((field) => (field.join ? [field.join] : [])));
    const items = block
      ? (() => {
          const repeat = jsonAt('s.answers', table.repeatPath!);
          return ` CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(${repeat}) = 'array' THEN ${repeat} ELSE '[]'::jsonb END) AS item(value)`;
        })()
      : '';
    return [
      `FROM submission s${items}`,
      ...(joins.has('pair') ? ['LEFT JOIN pair pr ON pr.id = s.pair_id'] : []),
      ...(joins.has('participant') ? ['LEFT JOIN participant pa ON pa.id = s.participant_id'] : []),
      `WHERE s.instrument_key = ${sqlText(filter.instrumentKey)} AND s.status = 'COMPLETE'`,
      `AND s.instrument_version = ANY(${textArray(filter.versions)})`,
      ...(filter.campaigns ? [`AND s.campaign_key = ANY(${textArray(filter.campaigns)})`] : []),
      ...(filter.population ? [`AND (${filter.population})`] : []),
      // A repeat item that is not an object gives no row.
      ...(block ? [`AND jsonb_typeof(item.value) = 'object'`] : []),
    ].join(' ');
  };

  const hash = keyHash(keyFields, hashSeed);
  const planned = [...keyFields.map((field) => field.sql), hash];
  const groupBy = keyFields.length
    ? ` GROUP BY ${keyFields.map((_, index) => index + 1).join(', ')}`
    : '';
  const plan = `COPY (SELECT ${[...planned, 'count(*)'].join(', ')} ${from(keyFields)}${groupBy}) TO STDOUT`;

  const others = otherColumns.map((index) => fields[index]);
  const rows = `COPY (SELECT ${[hash, ...others.map((field) => field.sql)].join(', ')} ${from([...keyFields, ...others])} ORDER BY gen_random_uuid()) TO STDOUT`;

  return {
    plan,
    rows,
    ...(block
      ? { contributors: `SELECT count(DISTINCT s.id)::int AS submissions ${from([])}` }
      : {}),
    keyColumns,
    fieldOfColumn,
    readings: fields.map((field) => field.reading),
  };
}
