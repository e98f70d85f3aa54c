import type { JsonObject, JsonValue } from '@observatory/instrument-sdk';
import type { CellValue, ExportColumn, ExportTable } from './export-types';
import { MULTIPLE_SEPARATOR } from './leaf-shape';

/** A stored submission plus the pseudonyms the caller computed for the receiving partner. */
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
 * The rows a submission contributes to a table: one for `submissions`, one per repeat item for a
 * block table. A missing answer, an empty selection, or a value that does not fit the column's
 * type or categories is `null`: the export never writes a value its schema would reject.
 */
export function rowsFor(table: ExportTable, submission: ExportSubmission): CellValue[][] {
  if (table.repeatPath === undefined) {
    return [table.columns.map((column) => cell(column, submission, submission.answers, 0))];
  }
  const items = valueAt(submission.answers, table.repeatPath);
  if (!Array.isArray(items)) return [];
  return items.flatMap((item, index) =>
    isObject(item)
      ? [table.columns.map((column) => cell(column, submission, item, index + 1))]
      : [],
  );
}

function cell(
  column: ExportColumn,
  submission: ExportSubmission,
  scope: JsonObject,
  blockIndex: number,
): CellValue {
  const source = column.source;
  switch (source.kind) {
    case 'context':
      return categorised(column, contextValue(source.key, submission));
    case 'block_index':
      return categorised(column, blockIndex);
    case 'derived':
      return leafValue(column, valueAt(submission.derived, source.path));
    case 'answer':
      return leafValue(column, valueAt(scope, source.path));
  }
}

/**
 * The cell of an `answer` or `derived` column from the JSON value at its path (`undefined` when
 * missing): a multiple choice joined, anything else fitted to the column's type and categories.
 */
export function leafValue(column: ExportColumn, value: JsonValue | undefined): CellValue {
  const multiple = column.source.kind === 'answer' && column.source.multiple === true;
  return categorised(column, multiple ? joined(value) : fit(column, value));
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
  if (!Array.isArray(value)) return null;
  const selected = value.filter((item): item is string => typeof item === 'string');
  return selected.length > 0 ? selected.join(MULTIPLE_SEPARATOR) : null;
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
