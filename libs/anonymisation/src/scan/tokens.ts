/**
 * The one pass over a text: its words (maximal runs of letters, digits and combining marks), each
 * with its folded form, what the lexicons say of it and its shape, and where the `@` signs are.
 * Detectors then work from these tokens, looking at the few characters around a token when they
 * need to, so that no detector scans the text again.
 */
import { foldWord, lexiconFlags } from '../lexicon/lexicon';

/** Shape flags. */
export const HAS_DIGIT = 1;
export const HAS_LETTER = 2;
/** First character an upper-case letter. */
export const CAPITALISED = 4;
/** Every letter upper case (and at least two letters). */
export const ALL_CAPS = 8;
/** First character a lower-case letter. */
export const LOWER = 16;
export const STARTS_WITH_DIGIT = 32;

export interface Token {
  start: number;
  end: number;
  text: string;
  /** Lower case without diacritics. */
  folded: string;
  /** Lexicon flags (see lexicon.ts). */
  flags: number;
  shape: number;
}

export interface Tokens {
  tokens: Token[];
  /** Offsets of `@` signs. */
  ats: number[];
}

// ASCII: 1 for a letter, 2 for a digit.
const ASCII = new Uint8Array(128);
for (let code = 0x30; code <= 0x39; code++) ASCII[code] = 2;
for (let code = 0x41; code <= 0x5a; code++) ASCII[code] = 1;
for (let code = 0x61; code <= 0x7a; code++) ASCII[code] = 1;
const WORD_CHARACTER = /^[\p{L}\p{N}\p{M}]$/u;
const DIGIT = /^\p{Nd}$/u;

function classify(code: number, character: string): number {
  if (code < 0x80) return ASCII[code];
  // Latin-1 and Latin Extended-A/B letters, the bulk of French text, without a regex.
  if (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) return 1;
  if (!WORD_CHARACTER.test(character)) return 0;
  return DIGIT.test(character) ? 2 : 1;
}

export function tokenise(text: string): Tokens {
  const tokens: Token[] = [];
  const ats: number[] = [];
  let start = -1;
  let shape = 0;
  const length = text.length;
  for (let i = 0; i <= length; i++) {
    let kind = 0;
    let wide = false;
    const code = i < length ? text.charCodeAt(i) : 0;
    if (i < length) {
      if (code < 0x80) kind = ASCII[code];
      else {
        // Surrogate pairs (characters outside the BMP) are read as one character.
        wide = code >= 0xd800 && code <= 0xdbff && i + 1 < length;
        kind = classify(code, wide ? text.slice(i, i + 2) : text[i]);
      }
    }
    if (kind !== 0) {
      if (start < 0) {
        start = i;
        shape = kind === 2 ? STARTS_WITH_DIGIT : 0;
      }
      shape |= kind === 2 ? HAS_DIGIT : HAS_LETTER;
      if (wide) i++;
      continue;
    }
    if (start >= 0) {
      tokens.push(makeToken(text, start, i, shape));
      start = -1;
    }
    if (code === 0x40) ats.push(i);
  }
  return { tokens, ats };
}

function makeToken(text: string, start: number, end: number, shape: number): Token {
  const word = text.slice(start, end);
  if (!(shape & HAS_LETTER)) return { start, end, text: word, folded: word, flags: 0, shape };
  const lower = word.toLowerCase();
  const folded = foldWord(lower);
  const first = word[0];
  if (first !== lower[0]) shape |= CAPITALISED;
  else if (first !== first.toUpperCase()) shape |= LOWER;
  if (
    shape & CAPITALISED &&
    end - start >= 2 &&
    word === word.toUpperCase() &&
    hasTwoLetters(lower)
  ) {
    shape |= ALL_CAPS;
  }
  return { start, end, text: word, folded, flags: lexiconFlags(folded), shape };
}

function hasTwoLetters(lower: string): boolean {
  let letters = 0;
  for (let i = 0; i < lower.length && letters < 2; i++) {
    const code = lower.charCodeAt(i);
    if ((code >= 0x61 && code <= 0x7a) || code >= 0xc0) letters++;
  }
  return letters >= 2;
}
