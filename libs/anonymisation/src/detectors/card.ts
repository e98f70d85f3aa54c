import { isLuhnValid } from '../checksums';
import type { Scan } from '../scan/scan';
import { continuesNumber, endsWord, readDigitRun } from '../scan/separated-runs';

/**
 * Payment card numbers, at the first token of a run of digits: 13 to 19 digits, compact or grouped
 * as printed on cards (4-4-4-4, 4-6-5…) with spaces, dots or dashes, Luhn-valid, starting with 2–6
 * (the payment networks; this spares most amounts and references). If the whole run is not a card,
 * windows aligned on its groups are tried, so `4970 1012 3456 7890 123` (a card followed by a code)
 * is still caught.
 */
const MIN_DIGITS = 13;
const MAX_DIGITS = 19;
// A run longer than this is not read further: nothing in it past this is part of a card.
const MAX_RUN_DIGITS = 64;

interface DigitGroup {
  start: number;
  end: number;
  digits: string;
}

export function detectCardAt(scan: Scan, i: number): void {
  if (continuesNumber(scan, i)) return;
  const { text } = scan;
  const run = readDigitRun(text, scan.tokens[i].start, MAX_RUN_DIGITS, '.-');
  // A run glued to letters is a reference code, not a card.
  if (run.digits.length < MIN_DIGITS || !endsWord(text, run.end)) return;
  const groups: DigitGroup[] = [];
  let at = run.start;
  let offset = 0;
  for (const size of run.groups) {
    while (text.charCodeAt(at) < 0x30 || text.charCodeAt(at) > 0x39) at++;
    groups.push({ start: at, end: at + size, digits: run.digits.slice(offset, offset + size) });
    at += size;
    offset += size;
  }
  let first = 0;
  while (first < groups.length) {
    const last = longestCardFrom(groups, first);
    if (last === undefined) {
      first++;
      continue;
    }
    scan.add(groups[first].start, groups[last].end, 'CARD');
    first = last + 1;
  }
}

function longestCardFrom(groups: DigitGroup[], first: number): number | undefined {
  let digits = '';
  let best: number | undefined;
  for (let last = first; last < groups.length; last++) {
    digits += groups[last].digits;
    if (digits.length > MAX_DIGITS) break;
    if (
      digits.length >= MIN_DIGITS &&
      isCardGrouping(groups, first, last) &&
      isCardNumber(digits)
    ) {
      best = last;
    }
  }
  return best;
}

/**
 * Printed cards group digits as 4-4-4-4(-3) or 4-6-5 (Amex), and people merge groups when they
 * type them: a first group of four digits or more, no group under three. Amounts (`12 000 000
 * …`) and NIRs (`2 84 01 …`) are grouped otherwise.
 */
function isCardGrouping(groups: readonly DigitGroup[], first: number, last: number): boolean {
  if (groups[first].digits.length < 4) return first === last;
  for (let g = first; g <= last; g++) if (groups[g].digits.length < 3) return false;
  return true;
}

/**
 * Luhn-valid, with a length its network issues: Visa 13, 16 or 19; Amex 15 (`34`, `37`); Diners
 * 14 to 16; JCB 16 to 19; Mastercard 16 (`51`–`55`, `22`–`27`); Maestro, Discover and UnionPay
 * (`5`, `6`) 16 to 19. So a 14-digit SIRET or a 15-digit NIR is not taken for a card.
 */
function isCardNumber(digits: string): boolean {
  const length = digits.length;
  let issued: boolean;
  if (digits[0] === '4') issued = length === 13 || length === 16 || length === 19;
  else if (/^3[47]/.test(digits)) issued = length === 15;
  else if (/^3[0689]/.test(digits)) issued = length >= 14 && length <= 16;
  else if (digits.startsWith('35')) issued = length >= 16;
  else if (/^(?:5[1-5]|2[2-7])/.test(digits)) issued = length === 16;
  else if (/^[56]/.test(digits)) issued = length >= 16;
  else issued = false;
  return issued && isLuhnValid(digits);
}
