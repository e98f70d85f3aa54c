/**
 * What the scrubber can find in free text, and the placeholder that replaces it.
 *
 * The order of `REDACTION_KINDS` is the tie-break priority when two overlapping detections are
 * merged and their longest members have the same length: the most specific, checksum-validated
 * kinds come first.
 */
export const REDACTION_KINDS = [
  'IBAN',
  'CARD',
  'NIR',
  'TAX_ID',
  'EMAIL',
  'URL',
  'PHONE',
  'PASSPORT',
  'ID_CARD',
  'CAF',
  'PLATE',
  'BIRTHDATE',
  'HANDLE',
  'SECRET',
  'ADDRESS',
  'NAME',
] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** A detection: the half-open range `[start, end)` of UTF-16 offsets and what it is. */
export interface TextSpan {
  start: number;
  end: number;
  kind: RedactionKind;
}

/** The typed placeholder stored instead of the value (`[EMAIL]`). */
export function placeholderFor(kind: RedactionKind): string {
  return `[${kind}]`;
}

/** Lower is stronger. */
export function priorityOf(kind: RedactionKind): number {
  return REDACTION_KINDS.indexOf(kind);
}
