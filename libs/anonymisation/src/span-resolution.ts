import { priorityOf, type TextSpan } from './redaction-kind';

/**
 * Merges overlapping detections into one: every character any detector found is redacted, and a
 * detection that overlaps another can never leave part of itself behind. The merged span takes the
 * kind of its longest member (ties: the stronger kind, IBAN > CARD > NIR > … > NAME). Spans that
 * only touch stay apart (`[NAME] [PHONE]`). Returned in text order; empty spans are dropped.
 */
export function mergeOverlaps(spans: readonly TextSpan[]): TextSpan[] {
  const sorted = spans
    .filter((span) => span.end > span.start && span.start >= 0)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: TextSpan[] = [];
  let current: TextSpan | undefined;
  let longest = 0;
  for (const span of sorted) {
    const length = span.end - span.start;
    if (current && span.start < current.end) {
      if (
        length > longest ||
        (length === longest && priorityOf(span.kind) < priorityOf(current.kind))
      ) {
        current.kind = span.kind;
        longest = length;
      }
      current.end = Math.max(current.end, span.end);
      continue;
    }
    current = { ...span };
    longest = length;
    merged.push(current);
  }
  return merged;
}
