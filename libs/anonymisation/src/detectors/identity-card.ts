import type { Scan } from '../scan/scan';
import { cueValue, isQuantity, tokenAfterCue } from '../scan/cue-values';
import { HAS_DIGIT } from '../scan/tokens';

/**
 * Identity-card and residence-permit numbers, after `CNI`, `carte d'identité`, `pièce d'identité`,
 * `titre de séjour` or `carte de séjour`: the first code within six words, of 9 to 12 letters and
 * digits with at least two digits (old cards: 12 characters, `880692310285` or `0506 2A 0 12345`;
 * cards since 2021: 9, `X4RTBPFW4`; residence permits: 10 digits).
 */
export function detectIdentityCardAfter(scan: Scan, cue: number): void {
  const first = tokenAfterCue(scan, cue, 6, (token) => (token.shape & HAS_DIGIT) !== 0);
  if (first < 0) return;
  const value = cueValue(scan, first, 5);
  const length = value.compact.length;
  if (length < 9 || length > 12 || value.digits < 2) return;
  if (!/^[0-9A-Za-z]+$/.test(value.compact) || isQuantity(scan.text, value.end)) return;
  scan.add(value.start, value.end, 'ID_CARD');
}
