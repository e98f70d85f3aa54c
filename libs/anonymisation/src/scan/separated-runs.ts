/**
 * Reading an identifier typed with separators: `06/12/34/56/78`, `2-69-05-2A-123-456-88`,
 * `FR76 3000 …`. After normalisation every space is U+0020 and every dash `-`, so a separator is
 * one or two spaces, or one of `. / -` with a space on either side at most.
 */
import type { Scan } from './scan';
import { HAS_LETTER, type Token } from './tokens';

const SEPARATOR_CHARACTERS = './-';

function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isAlphanumericCode(code: number): boolean {
  return isDigitCode(code) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Where the separator at `at` ends, if there is one and `next` accepts the character after it;
 * -1 otherwise. `characters` are the non-space separators allowed (default `. / -`).
 */
export function separatorEnd(
  text: string,
  at: number,
  next: (code: number) => boolean,
  characters = SEPARATOR_CHARACTERS,
): number {
  let i = at;
  if (text.charCodeAt(i) === 0x20) i++;
  if (characters.includes(text[i] ?? '\u0000') && text[i] !== ' ' && i < text.length) {
    i++;
    if (text.charCodeAt(i) === 0x20) i++;
  } else if (text.charCodeAt(i) === 0x20 && i === at + 1) {
    i++;
  }
  if (i === at || i - at > 3) return -1;
  return next(text.charCodeAt(i)) ? i : -1;
}

export interface DigitRun {
  start: number;
  end: number;
  digits: string;
  /** Sizes of the groups of digits, in order. */
  groups: number[];
  /** The separators between groups, trimmed (`''` for spaces). */
  separators: string[];
}

/** Up to `max` digits from `from`, with separators between any two. */
export function readDigitRun(
  text: string,
  from: number,
  max: number,
  characters = SEPARATOR_CHARACTERS,
): DigitRun {
  let i = from;
  let digits = '';
  let group = 0;
  const groups: number[] = [];
  const separators: string[] = [];
  while (i < text.length && digits.length < max) {
    const code = text.charCodeAt(i);
    if (isDigitCode(code)) {
      digits += text[i];
      group++;
      i++;
      continue;
    }
    if (group === 0) break;
    const after = separatorEnd(text, i, isDigitCode, characters);
    if (after < 0) break;
    groups.push(group);
    separators.push(text.slice(i, after).trim());
    group = 0;
    i = after;
  }
  if (group > 0) groups.push(group);
  return { start: from, end: i, digits, groups, separators };
}

export interface CompactRun {
  /** The characters read, separators removed. */
  compact: string;
  /** `ends[k]`: the offset just after the k-th character read. */
  ends: number[];
}

/** Up to `max` characters accepted by `accept`, from `from`, with separators between any two. */
export function readCompact(
  text: string,
  from: number,
  max: number,
  accept: (code: number) => boolean,
  characters = SEPARATOR_CHARACTERS,
): CompactRun {
  let i = from;
  let compact = '';
  const ends: number[] = [];
  while (i < text.length && compact.length < max) {
    const code = text.charCodeAt(i);
    if (accept(code)) {
      compact += text[i];
      i++;
      ends.push(i);
      continue;
    }
    if (compact.length === 0) break;
    const after = separatorEnd(text, i, accept, characters);
    if (after < 0) break;
    i = after;
  }
  return { compact, ends };
}

/** No letter or digit (nor a placeholder, which stands for some) right after `at`. */
export function endsWord(text: string, at: number): boolean {
  if (at >= text.length) return true;
  const code = text.charCodeAt(at);
  if (code < 0x80) return code !== 0 && !isAlphanumericCode(code);
  return !/[\p{L}\p{N}]/u.test(text[at]);
}

/** Whether more digits follow `at` after a separator (the number goes on). */
export function digitsFollow(text: string, at: number): string | undefined {
  const after = separatorEnd(text, at, isDigitCode, './-,');
  return after < 0 ? undefined : text.slice(at, after).trim();
}

/**
 * Whether token `i` continues a number begun before it (`12 34`, `2023-0456`): the previous token
 * is all digits, one separator character between them, and no span ends there.
 */
export function continuesNumber(scan: Scan, i: number): boolean {
  if (i === 0) return false;
  const previous: Token = scan.tokens[i - 1];
  if (previous.shape & HAS_LETTER) return false;
  const gap = scan.gapBefore(i);
  if (gap.length !== 1 || !' ./-'.includes(gap)) return false;
  return !scan.spanAt(previous.end, true);
}

export { isAlphanumericCode, isDigitCode };
