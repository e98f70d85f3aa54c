import { createSpanDetector, type DetectionOptions } from './detection';
import { placeholderFor, type RedactionKind, type TextSpan } from './redaction-kind';

export type RedactionCounts = Partial<Record<RedactionKind, number>>;

export interface ScrubResult {
  /** The text with each detection replaced by its typed placeholder (`[EMAIL]`). */
  text: string;
  /** How many values of each kind were replaced; never the values themselves. */
  counts: RedactionCounts;
}

/**
 * Replaces emails, phones, NIRs, IBANs, cards, addresses and names in free text by typed
 * placeholders, before the text is stored.
 *
 * Replacing one detection can expose another that a longer overlapping one hid, so passes repeat
 * until nothing is found: the result is idempotent by construction. Each pass turns at least one
 * character into a placeholder, which is masked from then on, so the loop ends.
 */
export function scrubFreeText(text: string, options: DetectionOptions = {}): ScrubResult {
  const detect = createSpanDetector(options);
  const counts: RedactionCounts = {};
  let current = text;
  for (;;) {
    const spans = detect(current);
    if (spans.length === 0) return { text: current, counts };
    for (const span of spans) counts[span.kind] = (counts[span.kind] ?? 0) + 1;
    current = replaceSpans(current, spans);
  }
}

/** `spans` must be sorted and non-overlapping, as `resolveOverlaps` returns them. */
function replaceSpans(text: string, spans: readonly TextSpan[]): string {
  const parts: string[] = [];
  let position = 0;
  for (const span of spans) {
    parts.push(text.slice(position, span.start), placeholderFor(span.kind));
    position = span.end;
  }
  parts.push(text.slice(position));
  return parts.join('');
}
