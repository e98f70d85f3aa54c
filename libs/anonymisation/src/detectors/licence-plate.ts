import type { Scan } from '../scan/scan';
import { cueBefore } from '../scan/cue-values';
import { continuesNumber, endsWord } from '../scan/separated-runs';
import { PLATE_CUE } from '../lexicon/lexicon';

/**
 * Licence plates:
 * - the current format (SIV, since 2009): two letters, three digits, two letters, without I, O or
 *   U (`AB-123-CD`, `AB 123 CD`, `AB123CD`); lower case only with dashes (`ab-123-cd`) or after a
 *   cue word (`immatriculée`, `plaque`, `véhicule`);
 * - the old format (FNI): one to four digits, two or three capital letters, a département
 *   (`1234 AB 56`, `567 BCD 75`, `89 ABC 2A`, `4321 XY 971`).
 */
const SIV_UPPER = /[A-HJ-NP-TV-Z]{2}([ -]?)\d{3}\1[A-HJ-NP-TV-Z]{2}/y;
const SIV_ANY = /[A-HJ-NP-TV-Za-hj-np-tv-z]{2}([ -]?)\d{3}\1[A-HJ-NP-TV-Za-hj-np-tv-z]{2}/y;
const SIV_DASHED = /[a-hj-np-tv-z]{2}-\d{3}-[a-hj-np-tv-z]{2}/y;
const FNI = /\d{1,4} ?[A-HJ-NP-Z]{2,3} ?(?:0[1-9]|1\d|[2-8]\d|9[0-5]|2[AB]|97[1-6])/y;

export function detectSivPlateAt(scan: Scan, i: number): void {
  const { text } = scan;
  const start = scan.tokens[i].start;
  for (const pattern of cueBefore(scan, i, 4, PLATE_CUE) ? [SIV_ANY] : [SIV_UPPER, SIV_DASHED]) {
    pattern.lastIndex = start;
    if (pattern.test(text) && endsWord(text, pattern.lastIndex)) {
      scan.add(start, pattern.lastIndex, 'PLATE');
      return;
    }
  }
}

export function detectFniPlateAt(scan: Scan, i: number): void {
  if (continuesNumber(scan, i)) return;
  const { text } = scan;
  const start = scan.tokens[i].start;
  FNI.lastIndex = start;
  if (FNI.test(text) && endsWord(text, FNI.lastIndex)) scan.add(start, FNI.lastIndex, 'PLATE');
}
