import { detectAddresses } from './detectors/address';
import { detectCards } from './detectors/card';
import { detectCivilTitleNames } from './detectors/civil-title-name';
import { detectEmails } from './detectors/email';
import { detectIbans } from './detectors/iban';
import { createKnownNamesDetector } from './detectors/known-names';
import { detectNirs } from './detectors/nir';
import { detectPhones } from './detectors/phone';
import { MASK, maskPlaceholders } from './placeholders';
import type { TextSpan } from './redaction-kind';
import { resolveOverlaps } from './span-resolution';

export interface DetectionOptions {
  /** Names to redact wherever they appear (case- and accent-insensitive, whole words). */
  knownNames?: readonly string[];
}

export type SpanDetector = (text: string) => TextSpan[];

const FIXED_DETECTORS: readonly SpanDetector[] = [
  detectIbans,
  detectCards,
  detectNirs,
  detectEmails,
  detectPhones,
  detectAddresses,
  detectCivilTitleNames,
];

/**
 * All detectors, run on the text with its placeholders masked, overlaps resolved. Built once per
 * option set so the known-names pattern is compiled once, not per call.
 */
export function createSpanDetector(options: DetectionOptions = {}): SpanDetector {
  const detectors = [...FIXED_DETECTORS, createKnownNamesDetector(options.knownNames ?? [])];
  return (text) => {
    const masked = maskPlaceholders(text);
    const spans = detectors.flatMap((detect) => detect(masked));
    // Detectors never accept the mask character; this guard keeps placeholders intact regardless.
    return resolveOverlaps(
      spans.filter((span) => !masked.slice(span.start, span.end).includes(MASK)),
    );
  };
}
