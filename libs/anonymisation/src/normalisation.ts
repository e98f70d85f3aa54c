/**
 * The text the detectors read: Unicode NFKC, format characters (zero-width spaces and joiners, soft
 * hyphens, bidi marks) removed, every kind of space folded to U+0020, every dash to `-` and every
 * apostrophe to `'`. People paste from word processors and phones, which insert narrow no-break
 * spaces (U+202F), zero-width spaces or full-width digits; the detectors should not have to know.
 *
 * Detection only: spans found in the normalised text are mapped back with `originalSpan`, and the
 * stored text keeps its own characters wherever nothing is redacted.
 */

export interface NormalisedText {
  text: string;
  /**
   * Where each normalised character came from: `[starts[i], ends[i])` in the original. Absent when
   * the normalised text has the original's offsets (the common case).
   */
  starts?: number[];
  ends?: number[];
}

// Characters that need nothing: ASCII, Latin-1 letters, œ, Ÿ, « », °, €.
const ONLY_SAFE = /^[\n\r\x20-\x7e\u00c0-\u00ff\u0152\u0153\u0178\u00ab\u00bb\u00b0\u00a7\u20ac]*$/;

// Replaced one for one: offsets do not move.
const ONE_FOR_ONE: Record<string, string> = {};
for (const space of '\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000') {
  ONE_FOR_ONE[space] = ' ';
}
for (const dash of '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2e3a\u2e3b') {
  ONE_FOR_ONE[dash] = '-';
}
for (const apostrophe of '\u2018\u2019\u02bc\u2032\uff07') ONE_FOR_ONE[apostrophe] = "'";
ONE_FOR_ONE['\u2028'] = '\n';
ONE_FOR_ONE['\u2029'] = '\n';

const ONE_FOR_ONE_CLASS =
  '\\t\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\u2010-\\u2015\\u2212\\ufe58\\ufe63\\uff0d\\u2e3a\\u2e3b\\u2018\\u2019\\u02bc\\u2032\\uff07\\u2028\\u2029';
const ONLY_SAFE_OR_ONE_FOR_ONE = new RegExp(
  `^[\\n\\r\\x20-\\x7e\\u00c0-\\u00ff\\u0152\\u0153\\u0178\\u00ab\\u00bb\\u00b0\\u00a7\\u20ac${ONE_FOR_ONE_CLASS}]*$`,
);
const ONE_FOR_ONE_GLOBAL = new RegExp(`[${ONE_FOR_ONE_CLASS}]`, 'g');

// Removed: format characters, the combining grapheme joiner, variation selectors.
const REMOVED = /^(?:\p{Cf}|\u034f|[\ufe00-\ufe0f])$/u;
const MARK = /^\p{M}$/u;

export function normaliseForDetection(text: string): NormalisedText {
  if (ONLY_SAFE.test(text)) return { text };
  if (ONLY_SAFE_OR_ONE_FOR_ONE.test(text)) {
    return { text: text.replace(ONE_FOR_ONE_GLOBAL, (character) => ONE_FOR_ONE[character]) };
  }
  return withOrigins(text);
}

/** The general case: a cluster (a character and its combining marks) at a time, with origins. */
function withOrigins(text: string): NormalisedText {
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const emit = (output: string, start: number, end: number): void => {
    for (const character of output) {
      if (REMOVED.test(character)) continue;
      const folded = ONE_FOR_ONE[character] ?? character;
      parts.push(folded);
      for (let i = 0; i < folded.length; i++) {
        starts.push(start);
        ends.push(end);
      }
    }
  };
  let position = 0;
  while (position < text.length) {
    const start = position;
    const first = text.codePointAt(position)!;
    position += first > 0xffff ? 2 : 1;
    // Marks after a base character are normalised with it (`e` + U+0301 → `é`).
    while (position < text.length) {
      const next = text.codePointAt(position)!;
      const character = String.fromCodePoint(next);
      if (!MARK.test(character) || REMOVED.test(character)) break;
      position += next > 0xffff ? 2 : 1;
    }
    const cluster = text.slice(start, position);
    const code = cluster.charCodeAt(0);
    if (cluster.length === 1 && code < 0x80) emit(cluster, start, position);
    else emit(cluster.normalize('NFKC'), start, position);
  }
  return { text: parts.join(''), starts, ends };
}

/** The original range of the normalised range `[start, end)` (end > start). */
export function originalSpan(
  normalised: NormalisedText,
  start: number,
  end: number,
): { start: number; end: number } {
  if (!normalised.starts || !normalised.ends) return { start, end };
  return { start: normalised.starts[start], end: normalised.ends[end - 1] };
}
