import type { Scan } from '../scan/scan';
import { endsWord } from '../scan/separated-runs';

/**
 * Bank accounts, checksum-validated:
 * - IBANs of any country, at a token that starts with the country code, compact or in groups with
 *   spaces, dots or dashes, the check digits possibly apart (`FR 76 …`), validated by the ISO 13616
 *   mod-97 check. One forward pass over a bounded candidate computes the checksum of every prefix
 *   that ends a token and keeps the longest valid one, so the IBAN is found even when words or
 *   numbers follow it.
 * - French RIBs (bank, branch, account, key: `30002 37868 15493769293 48`, or with the words
 *   `guichet`, `compte`, `clé`), validated by the RIB key.
 */
const CANDIDATE = /[A-Za-z]{2} ?\d{2}(?:(?: ?[.-] ?| {1,2})?[A-Za-z0-9]){11,30}/y;

const MIN_LENGTH = 15;
const MAX_LENGTH = 34;

/**
 * Lengths of IBANs by country (the ISO 13616 registry, and the IBANs of the West and Central
 * African banking zones). Only these countries open an IBAN: `le 3463 …` is not one even when the
 * digits happen to pass the check (1 time in 97). A country must have exactly its length, which
 * settles where an IBAN ends when digits follow it.
 */
// prettier-ignore
const LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15,
  PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19,
  SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
  // Maghreb and the franc zones (BCEAO: 28, BEAC: 27).
  MA: 28, DZ: 26, SN: 28, CI: 28, ML: 28, BF: 28, BJ: 28, NE: 28, TG: 28, GW: 28,
  CM: 27, CG: 27, GA: 27, CF: 27, TD: 27, GQ: 27, MG: 27, KM: 27, DJ: 27,
};

// Real BBANs are mostly digits; prose that happens to follow `ab12` is not.
const MIN_BBAN_DIGITS = 8;

/** At a token that may open an IBAN (two letters, then two digits in it or in the next token). */
export function detectIbanAt(scan: Scan, i: number): void {
  const { text } = scan;
  const start = scan.tokens[i].start;
  CANDIDATE.lastIndex = start;
  const match = CANDIDATE.exec(text);
  if (!match) return;
  const end = longestValidEnd(text, start, match[0]);
  if (end !== undefined) scan.add(start, end, 'IBAN');
}

/**
 * The check moves the first four characters to the end and reads letters as 10..35: the remainder
 * of the rearranged number is (BBAN remainder × 10⁶ + country-and-check digits) mod 97, and the
 * BBAN remainder grows one character at a time.
 */
function longestValidEnd(text: string, start: number, candidate: string): number | undefined {
  // `FR 76 …`: the check digits written apart from the country.
  const apart = candidate[2] === ' ';
  const compactHead = apart ? candidate.slice(0, 2) + candidate.slice(3, 5) : candidate.slice(0, 4);
  const headLength = apart ? 5 : 4;
  const tail = Number(
    String(letterValue(compactHead.charCodeAt(0))) +
      String(letterValue(compactHead.charCodeAt(1))) +
      compactHead.slice(2, 4),
  );
  let remainder = 0;
  let length = 4;
  let bbanDigits = 0;
  let upper = isUpper(compactHead.charCodeAt(0)) || isUpper(compactHead.charCodeAt(1));
  let lower = !isUpper(compactHead.charCodeAt(0)) || !isUpper(compactHead.charCodeAt(1));
  const expectedLength = LENGTHS[compactHead.slice(0, 2).toUpperCase()];
  if (expectedLength === undefined) return undefined;
  // `FR 76 …`: the check digits apart only after a country in capitals.
  if (apart && !(isUpper(compactHead.charCodeAt(0)) && isUpper(compactHead.charCodeAt(1)))) {
    return undefined;
  }
  let best: number | undefined;
  for (let i = headLength; i < candidate.length && length < MAX_LENGTH; i++) {
    const code = candidate.charCodeAt(i);
    if (code === SPACE || code === DOT || code === DASH) continue;
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
    if (!endsWord(text, end) || length < MIN_LENGTH || (upper && lower)) continue;
    if (length !== expectedLength) continue;
    if (bbanDigits >= MIN_BBAN_DIGITS && (remainder * 1_000_000 + tail) % 97 === 1) best = end;
  }
  return best;
}

// Character codes: the candidate holds only ASCII letters, digits and separators.
const SPACE = 0x20;
const DOT = 0x2e;
const DASH = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

function isUpper(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

/** `A`/`a` → 10 … `Z`/`z` → 35. */
function letterValue(code: number): number {
  return (isUpper(code) ? code - 0x41 : code - 0x61) + 10;
}

/**
 * A RIB at a token of five digits: bank (5 digits), branch (5), account (11 digits or letters),
 * key (2), separated by spaces, dashes or slashes, or by the words people write on forms.
 */
const RIB =
  /(\d{5})(?: ?[-/] ?| )(?:(?:code )?guichet ?:? ?)?(\d{5})(?: ?[-/] ?| )(?:(?:n° de |numéro de |num(?:éro)? )?compte ?:? ?)?([0-9A-Za-z]{11})(?: ?[-/] ?| )(?:(?:clé|cle|Clé)(?: RIB| rib)? ?:? ?)?(\d{2})/y;

// Letters of a RIB account number count as digits: A/J → 1, B/K/S → 2, … (the banks' table).
const RIB_LETTERS = '12345678912345678923456789';

export function detectRibAt(scan: Scan, i: number): void {
  const { text } = scan;
  const start = scan.tokens[i].start;
  RIB.lastIndex = start;
  const match = RIB.exec(text);
  if (!match || !endsWord(text, RIB.lastIndex)) return;
  const [, bank, branch, account, key] = match;
  const numeric = account
    .toUpperCase()
    .replace(/[A-Z]/g, (letter) => RIB_LETTERS[letter.charCodeAt(0) - 65]);
  const expected =
    97 - Number((89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(numeric)) % 97n);
  if (expected === Number(key)) scan.add(start, RIB.lastIndex, 'IBAN');
}
