import type { TextSpan } from '../redaction-kind';

/**
 * French phone numbers: a national `0[1-9]` or international `+33` / `0033` prefix (with an
 * optional `(0)`), then four pairs of digits. The separator between pairs must be the same
 * throughout (captured and back-referenced): that is what keeps dates such as `01.02.2023`, which
 * switch from `.` to nothing, from matching. Every quantifier is bounded, so the work per offset is
 * constant.
 *
 * Before: no letter, digit or `+` (we are not inside a longer token) and not `digit + . , / -`
 * (not the tail of a dotted or slashed number). After: no letter or digit and no `. , / -`
 * followed by a digit (not the head of a longer number or a decimal).
 */
const PHONE =
  /(?<![\p{L}\p{N}_+])(?<!\d[.,/-])(?:0|(?:\+|00)33[ .\-\u00a0]?(?:\(0\)[ .\-\u00a0]?)?)[1-9](?<separator>[ .\-\u00a0]?)\d{2}(?:\k<separator>\d{2}){3}(?![\p{L}\p{N}_]|[.,/-]\d)/gu;

export function detectPhones(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const match of text.matchAll(PHONE)) {
    spans.push({ start: match.index, end: match.index + match[0].length, kind: 'PHONE' });
  }
  return spans;
}
