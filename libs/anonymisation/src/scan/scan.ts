import type { RedactionKind, TextSpan } from '../redaction-kind';
import { TITLE } from '../lexicon/lexicon';
import { tokenise, type Token } from './tokens';

/** Characters that end a sentence or a clause a name cannot run across. */
// eslint-disable-next-line no-control-regex -- NUL is the placeholder mask
const SENTENCE_BREAK = /[.!?;:\n\r•*\u0000]/;

/**
 * A text being scanned: its tokens, the spans found so far, and what detectors ask about the
 * neighbourhood of a token (the characters between two tokens, where a sentence starts).
 */
export class Scan {
  readonly tokens: Token[];
  readonly ats: number[];
  readonly spans: TextSpan[] = [];

  constructor(readonly text: string) {
    const { tokens, ats } = tokenise(text);
    this.tokens = tokens;
    this.ats = ats;
  }

  add(start: number, end: number, kind: RedactionKind): void {
    if (end > start) this.spans.push({ start, end, kind });
  }

  /**
   * Whether a span found so far covers `offset` (`end` true: ends exactly there). Spans are found
   * in text order, give or take the few a token adds: looking at the last ones is enough, and
   * keeps a text with thousands of spans linear.
   */
  spanAt(offset: number, end = false): boolean {
    for (let k = this.spans.length - 1; k >= 0 && k >= this.spans.length - 8; k--) {
      const span = this.spans[k];
      if (end ? span.end === offset : span.start <= offset && offset < span.end) return true;
    }
    return false;
  }

  /** The characters between token `i - 1` (or the start of the text) and token `i`. */
  gapBefore(i: number): string {
    const from = i > 0 ? this.tokens[i - 1].end : 0;
    return this.text.slice(from, this.tokens[i].start);
  }

  /** The characters between token `i` and token `i + 1` (or the end of the text). */
  gapAfter(i: number): string {
    const to = i + 1 < this.tokens.length ? this.tokens[i + 1].start : this.text.length;
    return this.text.slice(this.tokens[i].end, to);
  }

  /**
   * Whether token `i` opens a sentence: first of the text, or after `.`, `!`, `?`, `:`, `;`, a
   * line break or a bullet, except the dot of an abbreviated title (`M. Martin`).
   */
  isSentenceStart(i: number): boolean {
    if (i === 0) return true;
    const gap = this.gapBefore(i);
    if (!SENTENCE_BREAK.test(gap)) return /^\s*-\s+$/.test(gap) && this.lineStartBefore(i - 1);
    if (gap.trim() === '.' && this.tokens[i - 1].flags & TITLE) return false;
    return true;
  }

  private lineStartBefore(i: number): boolean {
    return i < 0 || /[\n\r]/.test(this.gapAfter(i));
  }

  /** Whether tokens `i` and `i + 1` are separated by spaces only, on one line. */
  spaced(i: number): boolean {
    const gap = this.gapAfter(i);
    return gap.length > 0 && gap.length <= 2 && /^ +$/.test(gap) && i + 1 < this.tokens.length;
  }
}
