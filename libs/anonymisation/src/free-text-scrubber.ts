import { createSpanDetector, type DetectionOptions, type SpanDetector } from './detection';
import { placeholderFor, type RedactionKind, type TextSpan } from './redaction-kind';

export type RedactionCounts = Partial<Record<RedactionKind, number>>;

export interface ScrubResult {
  /** The text with each detection replaced by its typed placeholder (`[EMAIL]`). */
  text: string;
  /** How many values of each kind were replaced; never the values themselves. */
  counts: RedactionCounts;
}

const DEFAULT_DETECTOR = createSpanDetector();

/**
 * Replaces the personal data in free text by typed placeholders, before the text is stored or
 * exported. Overlapping detections are merged, so one pass leaves nothing any detector found, and
 * scrubbing scrubbed text changes nothing (placeholders are never matched). Characters outside the
 * redactions are kept as they were, invisible ones included.
 */
export function scrubFreeText(
  text: string,
  options: DetectionOptions | SpanDetector = {},
): ScrubResult {
  const detect =
    typeof options === 'function'
      ? options
      : options.knownNames?.length
        ? createSpanDetector(options)
        : DEFAULT_DETECTOR;
  const spans = detect(text);
  const counts: RedactionCounts = {};
  if (spans.length === 0) return { text, counts };
  for (const span of spans) counts[span.kind] = (counts[span.kind] ?? 0) + 1;
  return { text: replaceSpans(text, spans), counts };
}

/** `spans` must be sorted and non-overlapping, as `mergeOverlaps` returns them. */
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
