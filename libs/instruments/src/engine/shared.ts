/**
 * Small helpers shared by the engine modules. Everything here is pure and safe on untrusted input:
 * property reads go through `Object.hasOwn` so that `__proto__`, `constructor` and friends are
 * never mistaken for real data.
 */
import type { Problem } from '@observatory/instrument-sdk';

/** Text answers longer than this are refused when the field sets no `maxLength` of its own. */
export const DEFAULT_MAX_TEXT_LENGTH = 10_000;

/** A non-null, non-array object: the only kind of value that can hold named properties. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an own property only (never the prototype chain); `undefined` when absent. */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `null` counts as absent everywhere in answers. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** Unanswered for `required` purposes: absent, empty string or empty array. */
export function isAnswered(value: unknown): boolean {
  if (isAbsent(value)) return false;
  if (value === '') return false;
  if (Array.isArray(value) && value.length === 0) return false;
  return true;
}

/** Length in Unicode code points, as JSON Schema's `maxLength` counts (not UTF-16 units). */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _char of text) length++;
  return length;
}

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
const MAX_KEY_IN_PATH = 100;

/**
 * Appends a property to a path: `a.b` for ordinary keys, `a["odd key"]` otherwise, so that a key
 * holding a dot or a bracket cannot forge another path. Very long keys are cut for readability.
 */
export function pathKey(parent: string, key: string): string {
  if (SIMPLE_KEY.test(key) && key.length <= MAX_KEY_IN_PATH) {
    return parent === '' ? key : `${parent}.${key}`;
  }
  const shown = key.length > MAX_KEY_IN_PATH ? `${key.slice(0, MAX_KEY_IN_PATH)}…` : key;
  return `${parent}[${JSON.stringify(shown)}]`;
}

export function pathIndex(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Natural order for paths, so that `items[2]` comes before `items[10]`. */
export function comparePaths(a: string, b: string): number {
  const partsA = a.split(/(\d+)/);
  const partsB = b.split(/(\d+)/);
  const length = Math.min(partsA.length, partsB.length);
  for (let i = 0; i < length; i++) {
    const pa = partsA[i];
    const pb = partsB[i];
    if (pa === pb) continue;
    // Odd positions hold the digit runs captured by split.
    if (i % 2 === 1) {
      const byValue = Number(pa) - Number(pb);
      if (byValue !== 0) return byValue;
    }
    return pa < pb ? -1 : 1;
  }
  return partsA.length - partsB.length;
}

/** Sorts problems by path (natural order), keeping discovery order for equal paths. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((x, y) => comparePaths(x.path, y.path));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** A real calendar date written `YYYY-MM-DD` (proleptic Gregorian, so `2023-02-29` is refused). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const lengths = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= lengths[month - 1];
}

/**
 * The same rule as `isIsoDate` as a regular expression, for the JSON Schema `pattern` keyword
 * (ajv has no `format: date` without the ajv-formats plugin, and formats are optional anyway).
 */
export const ISO_DATE_PATTERN =
  '^(?:\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))' +
  '|(?:\\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$';

/** Picks the text in `locale`, falling back to French (always present). */
export function localized(text: { fr: string } & Record<string, string>, locale: string): string {
  const wanted = Object.hasOwn(text, locale) ? text[locale] : undefined;
  return typeof wanted === 'string' && wanted !== '' ? wanted : text.fr;
}
