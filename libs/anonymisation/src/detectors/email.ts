import type { TextSpan } from '../redaction-kind';

/**
 * Email addresses. The local part may only start where no local-part character precedes, so a long
 * run of letters is tried once, not at every offset (that would be quadratic). Dot-separated
 * segments and labels cannot overlap each other, which keeps backtracking linear.
 */
const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}_%+-]+(?:\.[\p{L}\p{N}_%+-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,24}(?![\p{L}\p{N}-]|\.[\p{L}\p{N}])/gu;

export function detectEmails(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const match of text.matchAll(EMAIL)) {
    spans.push({ start: match.index, end: match.index + match[0].length, kind: 'EMAIL' });
  }
  return spans;
}
