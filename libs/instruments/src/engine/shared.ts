/**
 * Small helpers shared by the engine modules. Everything here is pure and safe on untrusted input:
 * property reads go through `Object.hasOwn` so that `__proto__`, `constructor` and friends are
 * never mistaken for real data.
 */
// JSON reading, paths, ISO dates and the default text length belong to the definition language:
// they live in the SDK and are re-exported here for the engine's modules.
export {
  comparePaths,
  DEFAULT_MAX_TEXT_LENGTH,
  isIsoDate,
  ISO_DATE_PATTERN,
  isRecord,
  own,
  pathIndex,
  pathKey,
  sortProblems,
} from '@observatory/instrument-sdk';

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

/** Picks the text in `locale`, falling back to French (always present). */
export function localized(text: { fr: string } & Record<string, string>, locale: string): string {
  const wanted = Object.hasOwn(text, locale) ? text[locale] : undefined;
  return typeof wanted === 'string' && wanted !== '' ? wanted : text.fr;
}
