import { REDACTION_KINDS } from './redaction-kind';

// Built from the kind list so a new kind cannot be forgotten here.
const PLACEHOLDER_SOURCE = `\\[(?:${REDACTION_KINDS.join('|')})\\]`;

/**
 * Hides placeholders from the detectors: each placeholder character becomes NUL, which no detector
 * accepts, so `[NAME]` is never matched (e.g. by a known name `Name`) and detections cannot span
 * across it. Offsets are kept, so spans found in the masked text apply to the original.
 */
export function maskPlaceholders(text: string): string {
  return text.replace(new RegExp(PLACEHOLDER_SOURCE, 'g'), (placeholder) =>
    MASK.repeat(placeholder.length),
  );
}

export const MASK = '\u0000';
