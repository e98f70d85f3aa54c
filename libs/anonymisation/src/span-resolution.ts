import { priorityOf, type TextSpan } from './redaction-kind';

/**
 * Keeps a non-overlapping subset of detections, deterministically: longest span first, then the
 * stronger kind (IBAN > CARD > NIR > EMAIL > PHONE > ADDRESS > NAME), then the leftmost. A span
 * that overlaps one already kept is dropped. Returned in text order.
 *
 * Occupancy is tracked per offset: each detector yields non-overlapping spans, so the total work
 * stays proportional to the text length times the number of detectors, even for thousands of spans.
 */
export function resolveOverlaps(spans: readonly TextSpan[]): TextSpan[] {
  const candidates = spans
    .filter((span) => span.end > span.start && span.start >= 0)
    .sort(
      (a, b) =>
        b.end - b.start - (a.end - a.start) ||
        priorityOf(a.kind) - priorityOf(b.kind) ||
        a.start - b.start,
    );
  const length = candidates.reduce((max, span) => Math.max(max, span.end), 0);
  const taken = new Uint8Array(length);
  const kept: TextSpan[] = [];
  for (const candidate of candidates) {
    if (taken.subarray(candidate.start, candidate.end).includes(1)) continue;
    taken.fill(1, candidate.start, candidate.end);
    kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}
