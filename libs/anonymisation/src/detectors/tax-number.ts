import type { Scan } from '../scan/scan';
import { cueValue, isQuantity, tokenAfterCue } from '../scan/cue-values';
import { endsWord, readDigitRun } from '../scan/separated-runs';
import { HAS_DIGIT } from '../scan/tokens';

/**
 * French tax numbers:
 * - the numéro fiscal (SPI) wherever it stands: 13 digits starting with 0 to 3, the last three
 *   the remainder of the first ten by 511, compact or in groups (`24 01 111 182 365`);
 * - after `numéro fiscal`, `identifiant fiscal`, `SPI`, `numéro d'accès en ligne` or
 *   `référence de l'avis`, any code of 7 to 14 letters and digits with at least five digits, that
 *   is not an amount (`revenu fiscal de référence : 12 345 €`).
 */
export function detectTaxNumberAt(scan: Scan, i: number): void {
  const { text } = scan;
  const token = scan.tokens[i];
  // `0033…` opens a phone number, not a tax number.
  if (!'0123'.includes(text[token.start]) || text.startsWith('00', token.start)) return;
  const run = readDigitRun(text, token.start, 13, '');
  if (run.digits.length !== 13 || !endsWord(text, run.end)) return;
  const key = Number(BigInt(run.digits.slice(0, 10)) % 511n);
  if (key === Number(run.digits.slice(10))) scan.add(token.start, run.end, 'TAX_ID');
}

/** At a cue word: `fiscal`, `SPI`, and `ligne` / `avis` in `accès en ligne`, `référence de l'avis`. */
export function detectTaxNumberAfter(scan: Scan, cue: number): void {
  const word = scan.tokens[cue].folded;
  if ((word === 'ligne' || word === 'avis') && !isTaxPhraseEnd(scan, cue)) return;
  const first = tokenAfterCue(scan, cue, 4, (token) => (token.shape & HAS_DIGIT) !== 0);
  if (first < 0) return;
  const value = cueValue(scan, first, 5);
  const length = value.compact.length;
  if (length < 7 || length > 14 || value.digits < 5) return;
  if (isQuantity(scan.text, value.end)) return;
  scan.add(value.start, value.end, 'TAX_ID');
}

/** `numéro d'accès en ligne`, `référence de l'avis`, `n° d'avis`: multi-word cues ending here. */
export function isTaxPhraseEnd(scan: Scan, i: number): boolean {
  const word = scan.tokens[i].folded;
  const before = (k: number) => scan.tokens[i - k]?.folded;
  if (word === 'ligne') return before(1) === 'en' && before(2) === 'acces';
  if (word === 'avis') {
    const previous = before(1) === 'l' ? before(3) : before(2);
    return ['reference', 'numero', 'n', 'no'].includes(previous ?? '');
  }
  return false;
}
