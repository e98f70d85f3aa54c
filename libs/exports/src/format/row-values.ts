import { scrubFreeText } from '@observatory/anonymisation';
import type { JsonObject, JsonValue } from '@observatory/instrument-sdk';
import type { CellValue, ExportColumn, ExportTable } from './export-types';
import { MULTIPLE_SEPARATOR } from './leaf-shape';

/**
 * A stored submission plus what the caller computed for the receiving partner: `id` is the row
 * id of the export, `participant` and `pair` the partner's pseudonyms.
 */
export interface ExportSubmission {
  id: string;
  instrumentVersion: string;
  campaignKey: string;
  phaseKey: string | null;
  respondentRole: string | null;
  branch: string | null;
  /** Stored codes: never written; `participant` and `pair` are written instead. */
  participantCode: string | null;
  pairCode: string | null;
  anonymous: boolean;
  status: 'COMPLETE';
  /** Anonymised at submission (quasi-identifiers already generalised). */
  answers: JsonObject;
  derived: JsonObject;
  /** `YYYY-MM-DD`. */
  submittedOn: string;
  participant: string | null;
  pair: string | null;
}

/**
 * The rows a submission contributes to a table, before disclosure control: one for
 * `submissions`, one per repeat item for a block table. A missing answer, an empty selection, or
 * a value that does not fit the column's type or categories is `null`: the export never writes a
 * value its schema would reject.
 */
export function rowsFor(table: ExportTable, submission: ExportSubmission): CellValue[][] {
  return scopesOf(table, submission).map((scope) =>
    table.columns.map((column) => cell(column, submission, scope)),
  );
}

/**
 * Beside `rowsFor`, what JSON Lines writes for the multiple-choice columns: the selected values as
 * an array (`undefined` for the other columns).
 */
export function selectionsFor(
  table: ExportTable,
  submission: ExportSubmission,
): (string[] | null | undefined)[][] {
  return scopesOf(table, submission).map((scope) =>
    table.columns.map((column) =>
      column.source.kind === 'answer' && column.source.multiple === true
        ? selectedValues(valueAt(scope, column.source.path))
        : undefined,
    ),
  );
}

/** The answer object of each row: the answers, or each repeat item. */
function scopesOf(table: ExportTable, submission: ExportSubmission): JsonObject[] {
  if (table.repeatPath === undefined) return [submission.answers];
  const items = valueAt(submission.answers, table.repeatPath);
  if (!Array.isArray(items)) return [];
  return items.filter(isObject);
}

function cell(column: ExportColumn, submission: ExportSubmission, scope: JsonObject): CellValue {
  const source = column.source;
  switch (source.kind) {
    case 'context':
      return categorised(column, contextValue(source.key, submission));
    case 'derived':
      return leafValue(column, valueAt(submission.derived, source.path));
    case 'answer':
      return leafValue(column, valueAt(scope, source.path));
  }
}

/**
 * The cell of an `answer` or `derived` column from the JSON value at its path (`undefined` when
 * missing): a multiple choice joined, anything else fitted to the column's type and categories.
 * A verbatim is scrubbed with the current scrubber: text stored by an older, weaker one leaves
 * the service as the current one would have stored it (issue 13).
 */
export function leafValue(column: ExportColumn, value: JsonValue | undefined): CellValue {
  const multiple = column.source.kind === 'answer' && column.source.multiple === true;
  const cell = categorised(column, multiple ? joined(value) : fit(column, value));
  return column.verbatim && typeof cell === 'string' ? scrubFreeText(cell).text : cell;
}

/** A categorical column's schema lists its values: anything else would fail validation. */
export function categorised(column: ExportColumn, value: CellValue): CellValue {
  const multiple = column.source.kind === 'answer' && column.source.multiple === true;
  if (column.categories && !multiple && value !== null) {
    return column.categories.some((category) => category.value === value) ? value : null;
  }
  return value;
}

function contextValue(
  key: Extract<ExportColumn['source'], { kind: 'context' }>['key'],
  submission: ExportSubmission,
): CellValue {
  switch (key) {
    case 'submission_id':
      return submission.id;
    case 'instrument_version':
      return submission.instrumentVersion;
    case 'campaign':
      return submission.campaignKey;
    case 'phase':
      return submission.phaseKey;
    case 'respondent_role':
      return submission.respondentRole;
    case 'branch':
      return submission.branch;
    case 'participant':
      return submission.participant;
    case 'pair':
      return submission.pair;
    case 'submitted_month':
      return /^\d{4}-\d{2}/.test(submission.submittedOn)
        ? submission.submittedOn.slice(0, 7)
        : null;
  }
}

function valueAt(root: JsonObject, path: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

function joined(value: JsonValue | undefined): CellValue {
  const selected = selectedValues(value);
  return selected === null ? null : selected.join(MULTIPLE_SEPARATOR);
}

/** A multiple choice's selected values (JSON Lines writes them as an array); null when none. */
export function selectedValues(value: JsonValue | undefined): string[] | null {
  if (!Array.isArray(value)) return null;
  const selected = value.filter((item): item is string => typeof item === 'string');
  return selected.length > 0 ? selected : null;
}

const INTEGER_TEXT = /^-?\d+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const YEAR_MONTH = /^\d{4}-\d{2}$/;

/** The value as the column's type writes it, or `null` if it does not fit. */
function fit(column: ExportColumn, value: JsonValue | undefined): CellValue {
  if (value === undefined || value === null) return null;
  switch (column.type) {
    case 'string':
      return typeof value === 'string' && value !== '' ? value : null;
    case 'integer':
      if (typeof value === 'number') return Number.isInteger(value) ? value : null;
      // A year kept by `date-year` generalisation is stored as the string `2023`.
      return typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? value : null;
    case 'yearmonth':
      return typeof value === 'string' && YEAR_MONTH.test(value) ? value : null;
  }
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
