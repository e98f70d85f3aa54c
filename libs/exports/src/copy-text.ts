/**
 * Reading PostgreSQL's `COPY … TO STDOUT` text format: one line per row, fields separated by tabs,
 * `\N` for NULL, and backslash escapes for backslashes and control characters (COPY TO never
 * writes octal or hexadecimal escapes).
 */
import type { JsonValue } from '@observatory/instrument-sdk';

export const COPY_NULL = '\\N';

const ESCAPES: Record<string, string> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** A field's text, or `null` for SQL NULL. */
export function copyFieldText(field: string): string | null {
  if (field === COPY_NULL) return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/gs, (_, char: string) => ESCAPES[char] ?? char);
}

/**
 * The value of a jsonb leaf printed as JSON text by PostgreSQL, as `JSON.parse` would give it
 * (node-postgres parses whole documents with `JSON.parse`); a string without escapes is sliced.
 */
export function jsonText(text: string): JsonValue {
  if (text.charCodeAt(0) === 34 /* " */ && !text.includes('\\')) return text.slice(1, -1);
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  return JSON.parse(text) as JsonValue;
}

/**
 * The text of fields `from` (included) to `to` (excluded) of a line, tabs between them kept: the
 * same fields give the same text, so it keys a combination without splitting the line.
 */
export function fieldsBetween(line: string, from: number, to: number): string {
  if (to <= from) return '';
  const start = from === 0 ? 0 : tabAfter(line, -1, from) + 1;
  const end = tabAfter(line, start - 1, to - from);
  return line.slice(start, end);
}

/** Index of the `count`-th tab after `index` (`line.length` if there are fewer). */
function tabAfter(line: string, index: number, count: number): number {
  let at = index;
  for (let n = 0; n < count; n++) {
    at = line.indexOf('\t', at + 1);
    if (at < 0) return line.length;
  }
  return at;
}
