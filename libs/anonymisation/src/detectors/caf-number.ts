import type { Scan } from '../scan/scan';
import { cueValue, isQuantity, tokenAfterCue } from '../scan/cue-values';
import { HAS_DIGIT, STARTS_WITH_DIGIT } from '../scan/tokens';

/**
 * Allocataire numbers of the CAF or the MSA, after a cue word (`numéro allocataire : 1234567`,
 * `N° CAF 7654321`, `MSA 1122334`): the first number within five words of the cue, of 5 to 8
 * digits, written compact or in groups, and not an amount, a count or a date (`La CAF a versé
 * 312,40 euros`, `CAF 35`).
 */
const MIN_DIGITS = 5;
const MAX_DIGITS = 8;

export function detectCafNumberAfter(scan: Scan, cue: number): void {
  // `caf.fr` is a site, not a cue.
  if (scan.gapAfter(cue).startsWith('.')) return;
  const first = tokenAfterCue(scan, cue, 5, (token) => (token.shape & HAS_DIGIT) !== 0);
  if (first < 0 || !(scan.tokens[first].shape & STARTS_WITH_DIGIT)) return;
  const value = cueValue(scan, first, 4);
  if (!/^\d+[A-Za-z]?$/.test(value.compact)) return;
  if (value.digits < MIN_DIGITS || value.digits > MAX_DIGITS) return;
  if (isQuantity(scan.text, value.end)) return;
  scan.add(value.start, value.end, 'CAF');
}
