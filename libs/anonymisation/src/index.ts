export {
  anonymiseAnswers,
  type AnonymisedAnswers,
  type AnswerRedactionKind,
  type Redaction,
  type RejectedValue,
} from './answer-anonymiser';
export { createSpanDetector, type DetectionOptions, type SpanDetector } from './detection';
export { detectAddresses } from './detectors/address';
export { detectCards } from './detectors/card';
export { detectCivilTitleNames } from './detectors/civil-title-name';
export { detectEmails } from './detectors/email';
export { detectIbans } from './detectors/iban';
export { createKnownNamesDetector, type KnownNamesDetector } from './detectors/known-names';
export { detectNirs } from './detectors/nir';
export { detectPhones } from './detectors/phone';
export { scrubFreeText, type RedactionCounts, type ScrubResult } from './free-text-scrubber';
export {
  generalise,
  type GeneralisationFailure,
  type GeneralisationResult,
} from './generalisation';
export { leaksIn, type Leak } from './leak-check';
export {
  placeholderFor,
  REDACTION_KINDS,
  type RedactionKind,
  type TextSpan,
} from './redaction-kind';
export { resolveOverlaps } from './span-resolution';
export {
  differencingSafe,
  populationDisclosed,
  suppressSmallCells,
  type CountCell,
  type PublishedCell,
  type SuppressionInput,
  type SuppressionResult,
} from './disclosure-control';
