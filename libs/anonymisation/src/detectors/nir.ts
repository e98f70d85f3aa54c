import { nirKey } from '../checksums';
import type { TextSpan } from '../redaction-kind';

/**
 * French social-security numbers (NIR): sex (1, 2, or 3/4/7/8 for provisional numbers), year,
 * month, département (two digits, or `2A`/`2B` for Corsica), commune, order and a two-digit key,
 * with or without single spaces anywhere between digits (`1 85 05 78 006 084 36`, and overseas
 * groupings like `971 12`). A candidate counts only if its key is right, so ordinary 15-digit
 * numbers are left alone 96 times out of 97.
 */
const NIR =
  /(?<![\p{L}\p{N}])[1-478](?:[ \u00a0]?\d){4}[ \u00a0]?(?:\d[ \u00a0]?\d|2[ \u00a0]?[ABab])(?:[ \u00a0]?\d){8}(?![\p{L}\p{N}])/gu;

export function detectNirs(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const match of text.matchAll(NIR)) {
    const compact = match[0].replace(/[ \u00a0]/g, '');
    if (nirKey(compact.slice(0, 13)) === Number(compact.slice(13))) {
      spans.push({ start: match.index, end: match.index + match[0].length, kind: 'NIR' });
    }
  }
  return spans;
}
