import { isLuhnValid } from '../checksums';
import type { TextSpan } from '../redaction-kind';

/**
 * Payment card numbers: 13 to 19 digits, compact or grouped by spaces or dashes, Luhn-valid, and
 * starting with 2–6 (the payment networks; this spares most amounts and references), compact or
 * grouped as printed on cards.
 *
 * A digit run is read once (a run starts only where no digit or `digit + separator` precedes, so
 * the regex is linear). If the whole run is not a card, windows aligned on its groups are tried, so
 * `4970 1012 3456 7890 123` (a card followed by a code) is still caught.
 */
const DIGIT_RUN = /(?<![\p{L}\p{N}])(?<!\d[ \-\u00a0])\d(?:[ \-\u00a0]?\d)*/gu;

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

export function detectCards(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const match of text.matchAll(DIGIT_RUN)) {
    const runEnd = match.index + match[0].length;
    // A run glued to letters is a reference code, not a card.
    if (runEnd < text.length && /\p{L}/u.test(text[runEnd])) continue;
    spans.push(...cardsInRun(match[0], match.index));
  }
  return spans;
}

interface DigitGroup {
  start: number;
  end: number;
  digits: string;
}

function cardsInRun(run: string, offset: number): TextSpan[] {
  const groups: DigitGroup[] = [];
  for (const group of run.matchAll(/\d+/g)) {
    groups.push({
      start: offset + group.index,
      end: offset + group.index + group[0].length,
      digits: group[0],
    });
  }
  const spans: TextSpan[] = [];
  let first = 0;
  while (first < groups.length) {
    const last = longestCardFrom(groups, first);
    if (last === undefined) {
      first++;
      continue;
    }
    spans.push({ start: groups[first].start, end: groups[last].end, kind: 'CARD' });
    first = last + 1;
  }
  return spans;
}

function longestCardFrom(groups: DigitGroup[], first: number): number | undefined {
  let digits = '';
  const candidates: { last: number; digits: string }[] = [];
  for (let last = first; last < groups.length; last++) {
    digits += groups[last].digits;
    if (digits.length > MAX_DIGITS) break;
    if (digits.length >= MIN_DIGITS && isCardGrouping(groups.slice(first, last + 1))) {
      candidates.push({ last, digits });
    }
  }
  for (const candidate of candidates.reverse()) {
    if (isCardNumber(candidate.digits)) return candidate.last;
  }
  return undefined;
}

/**
 * Printed cards group digits as 4-4-4-4(-3) or 4-6-5 (Amex): a first group of four and groups of
 * three to six. Amounts (`12 000 000 …`) and NIRs (`2 84 01 …`) are grouped otherwise.
 */
function isCardGrouping(groups: readonly DigitGroup[]): boolean {
  if (groups.length === 1) return true;
  return (
    groups[0].digits.length === 4 &&
    groups.every(({ digits }) => digits.length >= 3 && digits.length <= 6)
  );
}

function isCardNumber(digits: string): boolean {
  return /^[2-6]/.test(digits) && isLuhnValid(digits);
}
