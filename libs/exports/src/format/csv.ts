import type { CellValue, ExportColumn } from './export-types';

/** RFC 4180 ends every record, the last one included, with CRLF. */
export const CSV_LINE_END = '\r\n';
// Quoted: separators, quotes, line breaks, and edge spaces (which some readers trim).
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvHeader(columns: readonly Pick<ExportColumn, 'name'>[]): string {
  return csvRow(columns.map((column) => column.name));
}

/** One CSV record: `null` is an empty field, booleans `true`/`false`, numbers as JS prints them. */
export function csvRow(values: readonly CellValue[]): string {
  return values.map(csvField).join(',') + CSV_LINE_END;
}

/** A JSON Lines cell: a multiple choice is the array of its selected values. */
export type JsonCell = CellValue | string[];

/** One JSON Lines record keyed by column name. */
export function jsonlRow(
  columns: readonly Pick<ExportColumn, 'name'>[],
  values: readonly JsonCell[],
): string {
  const record: Record<string, JsonCell> = {};
  columns.forEach((column, index) => {
    record[column.name] = values[index] ?? null;
  });
  return JSON.stringify(record) + '\n';
}

/** One CSV field, quoted when it must be. */
export function csvField(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return numberText(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Table Schema spells the non-finite numbers `NaN`, `INF` and `-INF`; JS would print `Infinity`. */
function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'INF';
  if (value === -Infinity) return '-INF';
  return String(value);
}
