/**
 * The text the detectors read: Unicode NFKC, format characters (zero-width spaces and joiners, soft
 * hyphens, bidi marks) removed, every kind of space folded to U+0020, every dash to `-` and every
 * apostrophe to `'`. People paste from word processors and phones, which insert narrow no-break
 * spaces (U+202F), zero-width spaces or full-width digits; the detectors should not have to know.
 *
 * Detection only: spans found in the normalised text are mapped back with `originalSpan`, and the
 * stored text keeps its own characters wherever nothing is redacted.
 */

/**
 * A stretch of the normalised text and where it came from: copied as it was (`[origin, origin +
 * length)`), or made from one cluster of the original (`[origin, originEnd)`).
 */
interface Segment {
  from: number;
  to: number;
  origin: number;
  originEnd: number;
  copied: boolean;
}

export interface NormalisedText {
  text: string;
  /** How to map back; absent when the normalised text has the original's offsets (the common case). */
  segments?: Segment[];
}

// Characters that need nothing: ASCII, Latin-1 letters, Latin Extended-A letters without a
// compatibility decomposition, « », °, §, €.
const SAFE_CLASS =
  '\\n\\r\\x20-\\x7e\\u00c0-\\u00ff\\u0100-\\u0131\\u0134-\\u013e\\u0141-\\u0148\\u014a-\\u017e\\u00ab\\u00bb\\u00b0\\u00a7\\u20ac';
const ONLY_SAFE = new RegExp(`^[${SAFE_CLASS}]*$`);

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
const ONLY_SAFE_OR_ONE_FOR_ONE = new RegExp(`^[${SAFE_CLASS}${ONE_FOR_ONE_CLASS}]*$`);
const ONE_FOR_ONE_GLOBAL = new RegExp(`[${ONE_FOR_ONE_CLASS}]`, 'g');
// The next character that is neither safe nor followed by a combining mark it may compose with.
const NEXT_UNSAFE = new RegExp(`[^${SAFE_CLASS}]|[${SAFE_CLASS}](?=\\p{M})`, 'gu');

// Removed: format characters, the combining grapheme joiner, variation selectors.
const REMOVED = /^(?:\p{Cf}|\u034f|[\ufe00-\ufe0f])$/u;
const MARK = /^\p{M}$/u;

export function normaliseForDetection(text: string): NormalisedText {
  if (ONLY_SAFE.test(text)) return { text };
  if (ONLY_SAFE_OR_ONE_FOR_ONE.test(text)) {
    return { text: text.replace(ONE_FOR_ONE_GLOBAL, (character) => ONE_FOR_ONE[character]) };
  }
  return withSegments(text);
}

/**
 * The general case: stretches of safe characters are copied as they are; each other cluster (a
 * character and its combining marks) is folded, removed or normalised on its own.
 */
function withSegments(text: string): NormalisedText {
  const parts: string[] = [];
  const segments: Segment[] = [];
  let length = 0;
  let position = 0;
  const emit = (output: string, origin: number, originEnd: number, copied: boolean): void => {
    if (output.length === 0) return;
    parts.push(output);
    segments.push({ from: length, to: length + output.length, origin, originEnd, copied });
    length += output.length;
  };
  NEXT_UNSAFE.lastIndex = 0;
  while (position < text.length) {
    const match = NEXT_UNSAFE.exec(text);
    const next = match ? match.index : text.length;
    if (next > position) emit(text.slice(position, next), position, next, true);
    if (!match) break;
    const end = clusterEnd(text, next);
    emit(normaliseCluster(text.slice(next, end)), next, end, false);
    position = end;
    NEXT_UNSAFE.lastIndex = end;
  }
  return { text: parts.join(''), segments };
}

/** Where the cluster starting at `at` ends: the character and the combining marks after it. */
function clusterEnd(text: string, at: number): number {
  let position = at + (text.codePointAt(at)! > 0xffff ? 2 : 1);
  while (position < text.length) {
    const code = text.codePointAt(position)!;
    const character = String.fromCodePoint(code);
    if (!MARK.test(character) || REMOVED.test(character)) break;
    position += character.length;
  }
  return position;
}

function normaliseCluster(cluster: string): string {
  const single = ONE_FOR_ONE[cluster];
  if (single !== undefined) return single;
  let output = '';
  for (const character of cluster.normalize('NFKC')) {
    if (!REMOVED.test(character)) output += ONE_FOR_ONE[character] ?? character;
  }
  return output;
}

/** The original range of the normalised range `[start, end)` (end > start). */
export function originalSpan(
  normalised: NormalisedText,
  start: number,
  end: number,
): { start: number; end: number } {
  const segments = normalised.segments;
  if (!segments) return { start, end };
  const first = segments[segmentAt(segments, start)];
  const last = segments[segmentAt(segments, end - 1)];
  return {
    start: first.copied ? first.origin + (start - first.from) : first.origin,
    end: last.copied ? last.origin + (end - last.from) : last.originEnd,
  };
}

/** The segment holding normalised offset `offset` (binary search). */
function segmentAt(segments: readonly Segment[], offset: number): number {
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (segments[middle].from <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
