import { EMAIL_JOINER, foldWord, lexiconFlags, TOP_LEVEL_DOMAIN } from '../lexicon/lexicon';
import type { Scan } from '../scan/scan';
import { HAS_LETTER } from '../scan/tokens';

/**
 * Email addresses:
 * - at each `@` with a local part before it and a domain after it, a space allowed on either side
 *   of the `@` (`david.morel75 @gmail.com`); the local part is read backwards from the `@` and
 *   stops at the previous `@`, so the work stays linear however many `@` a text holds;
 * - spelled out, at `arobase` or `at` (`jean point martin arobase gmail point com`,
 *   `j.martin [at] orange [dot] fr`, `paul.girard at gmail dot com`): local words joined by dots,
 *   dashes, underscores or their names, and a domain that ends with a top-level domain. A bare
 *   `at` between spaces also needs a spelled or written dot in the domain.
 */
const DOMAIN =
  // eslint-disable-next-line no-control-regex -- NUL is the placeholder mask
  /(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,24}(?![\p{L}\p{N}\u0000-]|\.[\p{L}\p{N}\u0000])/uy;
const LOCAL_CHARACTER = /[\p{L}\p{N}._%+-]/u;
const ALPHANUMERIC = /[\p{L}\p{N}]/u;

export function detectEmailAt(scan: Scan, at: number): void {
  const { text } = scan;
  let localEnd = at;
  if (text[localEnd - 1] === ' ') localEnd--;
  let start = localEnd;
  while (start > 0 && LOCAL_CHARACTER.test(text[start - 1])) start--;
  while (start < localEnd && !ALPHANUMERIC.test(text[start])) start++;
  if (start === localEnd) return;
  let domain = at + 1;
  if (text[domain] === ' ') domain++;
  DOMAIN.lastIndex = domain;
  const match = DOMAIN.exec(text);
  if (!match) return;
  // `Instagram @fatou.diop` is a handle after a word; with a space before the `@`, the domain
  // must end with a top-level domain people write (`david.morel75 @gmail.com`).
  if (localEnd < at) {
    const tld = match[0].slice(match[0].lastIndexOf('.') + 1);
    if (!(lexiconFlags(foldWord(tld)) & TOP_LEVEL_DOMAIN)) return;
  }
  scan.add(start, DOMAIN.lastIndex, 'EMAIL');
}

/** At an `arobase` / `at` token. */
export function detectSpelledEmailAt(scan: Scan, i: number): void {
  const { tokens } = scan;
  const bracketed = /[[(]\s*$/.test(scan.gapBefore(i)) && /^\s*[\])]/.test(scan.gapAfter(i));
  if (!bracketed && !/^ +$/.test(scan.gapBefore(i))) return;
  const first = localStart(scan, i - 1);
  if (first === undefined) return;
  const domain = domainEnd(scan, i + 1);
  if (domain === undefined) return;
  if (tokens[i].folded === 'at' && !bracketed && !domain.spelled) return;
  scan.add(tokens[first].start, tokens[domain.last].end, 'EMAIL');
}

function isWord(scan: Scan, i: number): boolean {
  const token = scan.tokens[i];
  return token !== undefined && !(token.flags & EMAIL_JOINER);
}

// Local parts and domains have a few words at most: reading further could not find an address,
// and would make a text of many `point … arobase` quadratic.
const MAX_WORDS = 8;

/** The first token of the local part that ends at token `last`. */
function localStart(scan: Scan, last: number): number | undefined {
  if (last < 0 || !isWord(scan, last)) return undefined;
  let first = last;
  while (last - first < MAX_WORDS * 2) {
    const gap = scan.gapBefore(first);
    if (first > 0 && ['.', '_', '-'].includes(gap) && isWord(scan, first - 1)) {
      first--;
      continue;
    }
    // `jean point martin`, `karim tiret bensaid`.
    if (
      first > 1 &&
      gap === ' ' &&
      scan.tokens[first - 1].flags & EMAIL_JOINER &&
      scan.gapBefore(first - 1) === ' ' &&
      isWord(scan, first - 2)
    ) {
      first -= 2;
      continue;
    }
    return first;
  }
  return first;
}

/** The last token of the domain that starts at token `first`, and whether a dot was spelled. */
function domainEnd(scan: Scan, first: number): { last: number; spelled: boolean } | undefined {
  const { tokens } = scan;
  if (!isWord(scan, first) || !(tokens[first].shape & HAS_LETTER)) return undefined;
  let last = first;
  let spelled = false;
  let dots = 0;
  while (dots < MAX_WORDS) {
    const gap = scan.gapAfter(last);
    let next: number | undefined;
    if (/^ ?\. ?$/.test(gap) && isWord(scan, last + 1)) next = last + 1;
    else if (
      /^ ?[[(]$/.test(gap) &&
      tokens[last + 1]?.folded === 'dot' &&
      /^[\])] ?$/.test(scan.gapAfter(last + 1))
    ) {
      next = last + 2;
      spelled = true;
    } else if (
      gap === ' ' &&
      tokens[last + 1]?.flags & EMAIL_JOINER &&
      scan.gapAfter(last + 1) === ' '
    ) {
      if (tokens[last + 1].folded !== 'point' && tokens[last + 1].folded !== 'dot') break;
      next = last + 2;
      spelled = true;
    }
    if (next === undefined || !isWord(scan, next)) break;
    last = next;
    dots++;
  }
  if (dots === 0 || !(tokens[last].flags & TOP_LEVEL_DOMAIN)) return undefined;
  return { last, spelled };
}
