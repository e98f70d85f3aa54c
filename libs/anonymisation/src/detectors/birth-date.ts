import type { Scan } from '../scan/scan';
import { tokenAfterCue } from '../scan/cue-values';
import { endsWord } from '../scan/separated-runs';
import { MONTH } from '../lexicon/lexicon';
import { STARTS_WITH_DIGIT } from '../scan/tokens';

/**
 * Dates of birth: a date within eight words after `né`, `née`, `né(e)`, `naissance` or `DDN`, in
 * the same sentence (`née à Dakar le 14/07/1975`, `date de naissance : 12.03.1958`, `né le 1er
 * janvier 1950`, `né en avril 1961`). A year alone is not a date of birth (`née en 1958` stays:
 * the year is a quasi-identifier the answers generalise elsewhere).
 */
const MONTHS =
  'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c';
const NUMERIC = /(\d{1,2})(?:er)? ?([/.-]) ?(\d{1,2}) ?\2 ?(\d{4}|\d{2})(?!\d)/y;
const ISO = /(\d{4})-(\d{2})-(\d{2})(?!\d)/y;
const WRITTEN = new RegExp(`(?:\\d{1,2}|1er) (?:${MONTHS})\\.? (?:\\d{4}|\\d{2})(?!\\d)`, 'iy');
const MONTH_YEAR = new RegExp(`(?:${MONTHS})\\.? \\d{4}(?!\\d)`, 'iy');

/** At a cue token; `né` needs its accent, or `le` and a date right after (`ne le 03/04/61`). */
export function detectBirthDateAfter(scan: Scan, cue: number): void {
  const token = scan.tokens[cue];
  if (token.folded === 'ne' && !/é|É/.test(token.text)) {
    const next = scan.tokens[cue + 1];
    if (next?.folded !== 'le') return;
    const end = dateEnd(scan.text, scan.tokens[cue + 2]?.start ?? -1);
    if (end !== undefined) scan.add(scan.tokens[cue + 2].start, end, 'BIRTHDATE');
    return;
  }
  let found: { start: number; end: number } | undefined;
  tokenAfterCue(scan, cue, 8, (candidate) => {
    if (!(candidate.shape & STARTS_WITH_DIGIT) && !(candidate.flags & MONTH)) return false;
    const end = dateEnd(scan.text, candidate.start);
    if (end === undefined) return false;
    found = { start: candidate.start, end };
    return true;
  });
  if (found) scan.add(found.start, found.end, 'BIRTHDATE');
}

/** Where a date starting at `at` ends, if one does. */
function dateEnd(text: string, at: number): number | undefined {
  if (at < 0) return undefined;
  NUMERIC.lastIndex = at;
  const numeric = NUMERIC.exec(text);
  if (numeric) {
    const day = Number(numeric[1]);
    const month = Number(numeric[3]);
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12) return NUMERIC.lastIndex;
  }
  for (const pattern of [ISO, WRITTEN, MONTH_YEAR]) {
    pattern.lastIndex = at;
    if (pattern.test(text) && endsWord(text, pattern.lastIndex)) return pattern.lastIndex;
  }
  return undefined;
}
