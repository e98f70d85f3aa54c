import {
  detectAddressesAfterUnits,
  detectNamedPlaceAt,
  detectNumberedAddressAt,
  detectStreetAfter,
} from './detectors/address';
import { detectBirthDateAfter } from './detectors/birth-date';
import { detectCafNumberAfter } from './detectors/caf-number';
import { detectCardAt } from './detectors/card';
import { detectEmailAt, detectSpelledEmailAt } from './detectors/email';
import { detectHandleAfter, detectHandleAt } from './detectors/handle';
import { detectIbanAt, detectRibAt } from './detectors/iban';
import { detectIdentityCardAfter } from './detectors/identity-card';
import { createKnownNamesDetector, type KnownNamesDetector } from './detectors/known-names';
import { detectFniPlateAt, detectSivPlateAt } from './detectors/licence-plate';
import { detectNirAt } from './detectors/nir';
import { detectFrenchPassportAt, detectPassportAfter } from './detectors/passport';
import { detectPersonNameAt } from './detectors/person-name';
import { detectPhoneAt } from './detectors/phone';
import { detectSecretAfter } from './detectors/secret';
import { detectTaxNumberAfter, detectTaxNumberAt } from './detectors/tax-number';
import { detectUrlAt } from './detectors/url';
import {
  ADDRESS_CUE,
  ADDRESS_WORD,
  BIRTH_CUE,
  CAF_CUE,
  EMAIL_WORD,
  HANDLE_CUE,
  ID_CUE,
  NAME_CUE,
  NAME_WORD,
  PASSPORT_CUE,
  SECRET_CUE,
  TAX_CUE,
  TITLE,
  TOP_LEVEL_DOMAIN,
  URL_WORD,
} from './lexicon/lexicon';
import { normaliseForDetection, originalSpan } from './normalisation';
import { MASK, maskPlaceholders } from './placeholders';
import { placeholderFor, type TextSpan } from './redaction-kind';
import { Scan } from './scan/scan';
import { HAS_DIGIT, STARTS_WITH_DIGIT } from './scan/tokens';
import { mergeOverlaps } from './span-resolution';

export interface DetectionOptions {
  /** Names to redact wherever they appear (case- and accent-insensitive, whole words). */
  knownNames?: readonly string[];
}

export type SpanDetector = (text: string) => TextSpan[];

const NAME_TRIGGER = NAME_WORD | TITLE | NAME_CUE | BIRTH_CUE;

// Each pass that finds something turns at least one character into a placeholder, so passes end;
// in practice a second pass finds nothing, and a third is rare.
const MAX_PASSES = 16;

/**
 * Everything personal in a text, as sorted, disjoint spans of the original text.
 *
 * The text is normalised (see normalisation.ts) and read once: each token is handed to the
 * detectors its shape or its lexicon flags call for, each `@` to the email and handle detectors,
 * and each detector looks only at the few characters around it. Placeholders (`[NAME]`) are masked
 * first, so they are never matched and no detection spans across one. When something was found,
 * the text with its placeholders is read again: a redaction can change what surrounds a value
 * (a number that went on into an email is a phone once the email is gone), and the result must
 * leave nothing a detector would find. Text with nothing personal, the common case, is read once.
 *
 * Built once per option set, so the known-names pattern is compiled once.
 */
export function createSpanDetector(options: DetectionOptions = {}): SpanDetector {
  const knownNames = createKnownNamesDetector(options.knownNames ?? []);
  return (text) => {
    let spans = detectOnce(text, knownNames);
    for (let pass = 1; spans.length > 0 && pass < MAX_PASSES; pass++) {
      const { text: current, toOriginal } = withPlaceholders(text, spans);
      const more = detectOnce(current, knownNames);
      if (more.length === 0) break;
      spans = mergeOverlaps([...spans, ...more.map(toOriginal)]);
    }
    return spans;
  };
}

/**
 * The text with `spans` replaced by placeholders, and how to map a span of that text (which never
 * covers a placeholder) back to the original.
 */
function withPlaceholders(
  text: string,
  spans: readonly TextSpan[],
): { text: string; toOriginal: (span: TextSpan) => TextSpan } {
  const parts: string[] = [];
  // Where each kept stretch of the original starts in the new text, and its offset shift.
  const starts: number[] = [];
  const shifts: number[] = [];
  let position = 0;
  let length = 0;
  for (const span of spans) {
    starts.push(length);
    shifts.push(position - length);
    parts.push(text.slice(position, span.start));
    length += span.start - position;
    const placeholder = placeholderFor(span.kind);
    parts.push(placeholder);
    length += placeholder.length;
    position = span.end;
  }
  starts.push(length);
  shifts.push(position - length);
  parts.push(text.slice(position));
  // The stretch holding `offset`: the last one starting at or before it (binary search).
  const shiftAt = (offset: number): number => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return shifts[low];
  };
  return {
    text: parts.join(''),
    toOriginal: (span) => ({
      start: span.start + shiftAt(span.start),
      end: span.end + shiftAt(span.end - 1),
      kind: span.kind,
    }),
  };
}

function detectOnce(text: string, knownNames: KnownNamesDetector): TextSpan[] {
  const masked = text.includes('[') ? maskPlaceholders(text) : text;
  const normalised = normaliseForDetection(masked);
  const scan = new Scan(normalised.text);
  readTokens(scan);
  for (const at of scan.ats) {
    detectEmailAt(scan, at);
    detectHandleAt(scan, at);
  }
  detectAddressesAfterUnits(scan);
  const spans = [...scan.spans, ...knownNames(normalised.text)].map((span) => ({
    ...originalSpan(normalised, span.start, span.end),
    kind: span.kind,
  }));
  // Detectors never accept the mask character; this guard keeps placeholders intact regardless.
  const clean =
    masked === text ? spans : spans.filter((s) => !masked.slice(s.start, s.end).includes(MASK));
  return mergeOverlaps(clean);
}

/** The one pass: each token to the detectors it may start or cue. */
function readTokens(scan: Scan): void {
  const { tokens, text } = scan;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const { flags, shape } = token;
    if (shape & STARTS_WITH_DIGIT) {
      detectPhoneAt(scan, i);
      detectNirAt(scan, i);
      detectCardAt(scan, i);
      detectTaxNumberAt(scan, i);
      detectFrenchPassportAt(scan, i);
      detectFniPlateAt(scan, i);
      detectNumberedAddressAt(scan, i);
      if (token.end - token.start === 5) detectRibAt(scan, i);
      continue;
    }
    if (flags !== 0) {
      if (flags & NAME_TRIGGER) detectPersonNameAt(scan, i);
      if (flags & BIRTH_CUE) detectBirthDateAfter(scan, i);
      if (flags & CAF_CUE) detectCafNumberAfter(scan, i);
      if (flags & PASSPORT_CUE) detectPassportAfter(scan, i);
      if (flags & ID_CUE) detectIdentityCardAfter(scan, i);
      if (flags & TAX_CUE) detectTaxNumberAfter(scan, i);
      if (flags & HANDLE_CUE) detectHandleAfter(scan, i);
      if (flags & SECRET_CUE) detectSecretAfter(scan, i);
      if (flags & EMAIL_WORD) detectSpelledEmailAt(scan, i);
      if (flags & (URL_WORD | TOP_LEVEL_DOMAIN)) detectUrlAt(scan, i);
      if (flags & ADDRESS_WORD) detectNamedPlaceAt(scan, i);
      if (flags & ADDRESS_CUE) detectStreetAfter(scan, i);
    }
    // Codes that start with letters: IBANs (`FR76…`, `FR 76…`) and plates (`AB-123-CD`).
    const next = text.charCodeAt(token.end + 1);
    const digitAfter = next >= 0x30 && next <= 0x39;
    if (shape & HAS_DIGIT || (token.end - token.start === 2 && digitAfter)) {
      detectIbanAt(scan, i);
      detectSivPlateAt(scan, i);
    }
  }
}
