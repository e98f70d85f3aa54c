import type { Scan } from '../scan/scan';
import {
  continuesNumber,
  digitsFollow,
  endsWord,
  readDigitRun,
  separatorEnd,
  isDigitCode,
  type DigitRun,
} from '../scan/separated-runs';

/**
 * Phone numbers, at a token of digits:
 * - French: `0` and nine digits, in any grouping (`06 12 34 56 78`, `06/12/34/56/78`, `06 1234
 *   5678`, `0612 345 678`, digit by digit), or `+33` / `0033` / `(+33)` and nine digits, with an
 *   optional `(0)`;
 * - international: `+` and 8 to 15 digits (E.164), or `00` and a calling code of a country
 *   people in France often call, and 9 to 13 more digits.
 *
 * Dates are not phones: a run that starts like `01/02/2023` is left alone. A run that goes on
 * after ten digits with the same separator is a longer number (a reference), not a phone; a list
 * of phones (`06 12 34 56 78/07 98 76 54 32`) is two phones.
 */

// Calling codes after `00` (France's neighbours and the countries of large communities in France).
const CALLING_CODES = [
  '1',
  '7',
  '30',
  '31',
  '32',
  '34',
  '39',
  '40',
  '41',
  '44',
  '48',
  '49',
  '90',
  '212',
  '213',
  '216',
  '221',
  '223',
  '224',
  '225',
  '226',
  '227',
  '228',
  '229',
  '230',
  '237',
  '242',
  '243',
  '261',
  '262',
  '351',
  '352',
  '377',
  '590',
  '594',
  '596',
  '687',
  '689',
];

export function detectPhoneAt(scan: Scan, i: number): void {
  const { text } = scan;
  const token = scan.tokens[i];
  const international = internationalStart(text, token.start);
  if (international !== undefined) {
    const found = internationalPhone(text, token.start, token.text);
    if (found) scan.add(international, found.end, 'PHONE');
    return;
  }
  if (token.text.startsWith('00')) {
    const found = internationalPhone(text, token.start + 2, token.text.slice(2), true);
    if (found) scan.add(token.start, found.end, 'PHONE');
    return;
  }
  if (text.charCodeAt(token.start) !== 0x30) return;
  const run = readDigitRun(text, token.start, 10);
  if (run.digits.length !== 10 || run.digits[1] === '0') return;
  if (!endsPhone(text, run) || looksLikeDate(run)) return;
  if (continuesNumber(scan, i)) {
    // `12 06 12 34 56 78`: one longer run, unless the phone is written differently.
    const gap = scan.gapBefore(i).trim();
    if (run.separators.length === 0 ? gap !== '' : gap === run.separators[0]) return;
  }
  scan.add(token.start, run.end, 'PHONE');
}

/** Where the number starts when `+` (or `(+`) precedes the token at `at`. */
function internationalStart(text: string, at: number): number | undefined {
  let i = at - 1;
  if (text[i] === ' ') i--;
  if (text[i] !== '+') return undefined;
  // `(+33)`: the parenthesis is part of the number only when it closes after the code.
  return text[i - 1] === '(' && /^\d{1,3}\)/.test(text.slice(at, at + 4)) ? i - 1 : i;
}

function internationalPhone(
  text: string,
  at: number,
  token: string,
  doubleZero = false,
): DigitRun | undefined {
  if (token.startsWith('33') || (token === '33' && text[at + 2] === ')')) {
    let i = at + 2;
    if (text[i] === ')') i++;
    const afterCode = separatorEnd(text, i, (code) => isDigitCode(code) || code === 0x28);
    if (afterCode >= 0) i = afterCode;
    if (text.startsWith('(0)', i)) {
      i += 3;
      if (text[i] === ' ') i++;
    }
    if (text[i] === '0') return undefined;
    const run = readDigitRun(text, i, 9);
    return run.digits.length === 9 && endsPhone(text, run) ? run : undefined;
  }
  if (doubleZero && !CALLING_CODES.some((code) => token.startsWith(code))) return undefined;
  const run = readDigitRun(text, at, 15);
  const digits = run.digits.length;
  const enough = doubleZero ? digits >= 11 && digits <= 15 : digits >= 8 && digits <= 15;
  return enough && endsPhone(text, run) ? run : undefined;
}

/**
 * The run ends the number: no letter glued to it, and not a longer number grouped the same way
 * (`06 12 34 56 78 90`). Another phone may follow (`…78/07 98…`, `…78 - 07 98…`), and so may a
 * count (`06 12 34 56 78 9 fois`): privacy before precision.
 */
function endsPhone(text: string, run: DigitRun): boolean {
  if (!endsWord(text, run.end)) return false;
  const next = digitsFollow(text, run.end);
  if (next === undefined || next === '/' || next === ',') return true;
  const following = /^[ ./,-]+(\d+)/.exec(text.slice(run.end, run.end + 24));
  if (!following || following[1].startsWith('0')) return true;
  const pairs = run.groups.every((size) => size === 2);
  return !(pairs && following[1].length === 2 && next === run.separators[0]);
}

/** `01/02/2023 10`, `12.03.2023 14 30`: a date and more digits, not a phone. */
function looksLikeDate(run: DigitRun): boolean {
  const [dayLength, monthLength, yearLength] = run.groups;
  if (dayLength !== 2 || monthLength !== 2 || yearLength !== 4) return false;
  if (run.separators[0] === '' || run.separators[0] !== run.separators[1]) return false;
  const day = Number(run.digits.slice(0, 2));
  const month = Number(run.digits.slice(2, 4));
  const century = run.digits.slice(4, 6);
  return (
    day >= 1 && day <= 31 && month >= 1 && month <= 12 && (century === '19' || century === '20')
  );
}
