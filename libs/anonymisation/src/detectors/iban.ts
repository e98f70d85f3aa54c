import type { TextSpan } from '../redaction-kind';

/**
 * IBANs of any country, compact or in groups (`FR76 3000 6000 0112 3456 7890 189`), validated by
 * the ISO 13616 mod-97 check. The regex only proposes a bounded candidate (country code, check
 * digits, up to 30 more characters with optional single spaces); one forward pass over it then
 * computes the checksum of every prefix that ends a token and keeps the longest valid one, so the
 * IBAN is found even when words follow it, at constant cost per candidate.
 */
const CANDIDATE = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?:[ \u00a0]?[A-Za-z0-9]){11,30}/gu;

const MIN_LENGTH = 15;
const MAX_LENGTH = 34;

/**
 * Lengths of the SEPA countries' IBANs (ISO 13616 registry). A known country must have exactly
 * its length, which settles where an IBAN ends when digits follow it; other countries get the
 * generic 15–34 range.
 */
// prettier-ignore
const LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24,
  FI: 18, FR: 27, GB: 22, GI: 23, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21,
  LT: 20, LU: 20, LV: 21, MC: 27, MT: 31, NL: 18, NO: 15, PL: 28, PT: 25, RO: 24, SE: 24,
  SI: 19, SK: 24, SM: 27,
};

// Real BBANs are mostly digits; prose that happens to follow `ab12` is not.
const MIN_BBAN_DIGITS = 8;

export function detectIbans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  CANDIDATE.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = CANDIDATE.exec(text)) !== null) {
    const end = longestValidEnd(text, match.index, match[0]);
    if (end === undefined) {
      CANDIDATE.lastIndex = match.index + 1;
      continue;
    }
    spans.push({ start: match.index, end, kind: 'IBAN' });
    CANDIDATE.lastIndex = end;
  }
  return spans;
}

/**
 * The check moves the first four characters to the end and reads letters as 10..35: the remainder
 * of the rearranged number is (BBAN remainder × 10⁶ + country-and-check digits) mod 97, and the
 * BBAN remainder grows one character at a time.
 */
function longestValidEnd(text: string, start: number, candidate: string): number | undefined {
  const tail = Number(
    String(letterValue(candidate.charCodeAt(0))) +
      String(letterValue(candidate.charCodeAt(1))) +
      candidate.slice(2, 4),
  );
  let remainder = 0;
  let length = 4;
  let bbanDigits = 0;
  let upper = isUpper(candidate.charCodeAt(0)) || isUpper(candidate.charCodeAt(1));
  let lower = !isUpper(candidate.charCodeAt(0)) || !isUpper(candidate.charCodeAt(1));
  const expectedLength = LENGTHS[candidate.slice(0, 2).toUpperCase()];
  let best: number | undefined;
  for (let i = 4; i < candidate.length && length < MAX_LENGTH; i++) {
    const code = candidate.charCodeAt(i);
    if (code === SPACE || code === NO_BREAK_SPACE) continue;
    length++;
    if (code >= DIGIT_0 && code <= DIGIT_9) {
      remainder = (remainder * 10 + code - DIGIT_0) % 97;
      bbanDigits++;
    } else {
      remainder = (remainder * 100 + letterValue(code)) % 97;
      upper ||= isUpper(code);
      lower ||= !isUpper(code);
    }
    const end = start + i + 1;
    // An IBAN ends where a token ends; `FR76…` or `fr76…` but not a mix, which is prose.
    if (isAlphanumeric(text[end]) || length < MIN_LENGTH || (upper && lower)) continue;
    if (expectedLength !== undefined && length !== expectedLength) continue;
    if (bbanDigits >= MIN_BBAN_DIGITS && (remainder * 1_000_000 + tail) % 97 === 1) best = end;
  }
  return best;
}

// Character codes: the candidate holds only ASCII letters, digits and spaces (the regex says so).
const SPACE = 0x20;
const NO_BREAK_SPACE = 0xa0;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

function isUpper(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

/** `A`/`a` → 10 … `Z`/`z` → 35. */
function letterValue(code: number): number {
  return (isUpper(code) ? code - 0x41 : code - 0x61) + 10;
}

function isAlphanumeric(character: string | undefined): boolean {
  return character !== undefined && /[\p{L}\p{N}]/u.test(character);
}
