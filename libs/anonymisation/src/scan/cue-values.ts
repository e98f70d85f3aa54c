/**
 * What follows a cue word (`allocataire`, `passeport`, `né le`): the tokens after it in the same
 * sentence, and the value people write there, typed in groups (`1 234 567`, `0506 2A 0 12345`).
 */
import type { Scan } from './scan';
import { HAS_DIGIT, LOWER, type Token } from './tokens';

// Abbreviations whose dot does not end the sentence (`Immat. AB-123-CD`, `né le 30 sept. 1967`).
const ABBREVIATIONS = new Set([
  'immat',
  'n',
  'no',
  'num',
  'ref',
  'tel',
  'av',
  'bd',
  'st',
  'ste',
  'm',
  'mme',
  'mlle',
  'dr',
  'pr',
  'me',
  'apt',
  'appt',
  'bat',
  'esc',
  'janv',
  'fevr',
  'fev',
  'avr',
  'juil',
  'sept',
  'oct',
  'nov',
  'dec',
  'ddn',
  'cni',
  'etc',
]);

// A sentence ends at `! ? ;`, a line break, or a dot followed by a space after a word that is not
// an abbreviation.
function breaksSentence(scan: Scan, i: number): boolean {
  const gap = scan.gapBefore(i);
  // eslint-disable-next-line no-control-regex -- NUL is the placeholder mask
  if (/[!?;\n\r\u0000]/.test(gap)) return true;
  return /\.(?:\s|$)/.test(gap) && !ABBREVIATIONS.has(scan.tokens[i - 1].folded);
}

/**
 * The index of the first token after `cue` (at most `within` tokens on, in the same sentence) that
 * `accept` takes; -1 if none.
 */
export function tokenAfterCue(
  scan: Scan,
  cue: number,
  within: number,
  accept: (token: Token, index: number) => boolean,
): number {
  const last = Math.min(scan.tokens.length - 1, cue + within);
  for (let i = cue + 1; i <= last; i++) {
    if (breaksSentence(scan, i)) return -1;
    if (accept(scan.tokens[i], i)) return i;
  }
  return -1;
}

export interface CueValue {
  start: number;
  end: number;
  /** The characters of the value, separators removed. */
  compact: string;
  digits: number;
}

/**
 * The value starting at token `first`: it and the following tokens that hold a digit or are
 * upper-case codes (`2A`, `AB`), joined by single spaces or dashes (`1 234 567`, `0506 2A 0 12345`),
 * at most `maxTokens`. Lower-case words end it (`12 avril` is a date, not a code).
 */
export function cueValue(scan: Scan, first: number, maxTokens = 5): CueValue {
  const { tokens } = scan;
  let end = tokens[first].end;
  let compact = tokens[first].text;
  for (let i = first + 1; i < tokens.length && i < first + maxTokens; i++) {
    const gap = scan.gapBefore(i);
    if (gap !== ' ' && gap !== '-') break;
    const token = tokens[i];
    if (!(token.shape & HAS_DIGIT) && (token.shape & LOWER || token.text.length > 3)) break;
    compact += token.text;
    end = token.end;
  }
  let digits = 0;
  for (let k = 0; k < compact.length; k++) {
    const code = compact.charCodeAt(k);
    if (code >= 0x30 && code <= 0x39) digits++;
  }
  return { start: tokens[first].start, end, compact, digits };
}

// What makes a number an amount, a duration or a count rather than an identifier.
const UNIT =
  / ?(?:€|euros?\b|eur\b|%|ans?\b|h\b|heures?\b|min\b|minutes?\b|jours?\b|mois\b|semaines?\b|personnes?\b|km\b|m²|m2\b|go\b|mo\b|pixels?\b|points?\b|fois\b)/iy;
const DECIMAL = /[,.]\d/y;

/** Whether the value at `end` is followed by a unit or decimals (`12 345 €`, `312,40`). */
export function isQuantity(text: string, end: number): boolean {
  UNIT.lastIndex = end;
  if (UNIT.test(text)) return true;
  DECIMAL.lastIndex = end;
  return DECIMAL.test(text);
}

/** Whether one of the `within` tokens before `i`, in the same sentence, has one of `flags`. */
export function cueBefore(scan: Scan, i: number, within: number, flags: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - within; k--) {
    if (breaksSentence(scan, k + 1)) return false;
    if (scan.tokens[k].flags & flags) return true;
  }
  return false;
}
