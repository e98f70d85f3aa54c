import type { Scan } from '../scan/scan';
import { cueValue, tokenAfterCue } from '../scan/cue-values';
import { endsWord } from '../scan/separated-runs';
import { HAS_DIGIT } from '../scan/tokens';

/**
 * Passport numbers: the French format (two digits, two letters, five digits: `12AB34567`,
 * `17 RT 45678`) wherever it stands, and after the word `passeport`, any code of 8 or 9 letters and
 * digits with at least five digits (foreign passports: `198765432`).
 */
const FRENCH = /\d{2} ?[A-Za-z]{2} ?\d{5}/y;

export function detectFrenchPassportAt(scan: Scan, i: number): void {
  const { text } = scan;
  const start = scan.tokens[i].start;
  FRENCH.lastIndex = start;
  if (FRENCH.test(text) && endsWord(text, FRENCH.lastIndex)) {
    scan.add(start, FRENCH.lastIndex, 'PASSPORT');
  }
}

export function detectPassportAfter(scan: Scan, cue: number): void {
  const first = tokenAfterCue(scan, cue, 5, (token) => (token.shape & HAS_DIGIT) !== 0);
  if (first < 0) return;
  const value = cueValue(scan, first, 3);
  const length = value.compact.length;
  if (length >= 8 && length <= 9 && value.digits >= 5) scan.add(value.start, value.end, 'PASSPORT');
}
