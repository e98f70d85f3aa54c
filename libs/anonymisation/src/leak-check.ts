import { createSpanDetector, type DetectionOptions } from './detection';
import type { RedactionKind } from './redaction-kind';

/** Where something that looks personal sits in a text: offsets and kind, never the value. */
export interface Leak {
  kind: RedactionKind;
  start: number;
  end: number;
}

/**
 * What the scrubber would still redact in `text` (placeholders excluded). Empty for any scrubber
 * output; meant for tests and for guards before logging or storing text that should be clean.
 */
export function leaksIn(text: string, options: DetectionOptions = {}): Leak[] {
  return createSpanDetector(options)(text).map(({ kind, start, end }) => ({ kind, start, end }));
}
