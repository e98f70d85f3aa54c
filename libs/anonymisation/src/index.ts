export {
  anonymiseAnswers,
  mergeRedactions,
  rescrubAnswers,
  type AnonymisedAnswers,
  type AnswerRedactionKind,
  type Redaction,
  type RejectedValue,
} from './answer-anonymiser';
export { createSpanDetector, type DetectionOptions, type SpanDetector } from './detection';
export { createKnownNamesDetector, type KnownNamesDetector } from './detectors/known-names';
export { scrubFreeText, type RedactionCounts, type ScrubResult } from './free-text-scrubber';
export {
  generalise,
  type GeneralisationFailure,
  type GeneralisationResult,
} from './generalisation';
export {
  describeKind,
  personalDataIn,
  personalDataProblems,
  quoteInput,
  type IdentifierField,
  type PersonalDataProblem,
} from './identifier-check';
export { leaksIn, type Leak } from './leak-check';
export { normaliseForDetection, type NormalisedText } from './normalisation';
export {
  placeholderFor,
  REDACTION_KINDS,
  type RedactionKind,
  type TextSpan,
} from './redaction-kind';
export { SCRUBBER_VERSION } from './scrubber-version';
export { mergeOverlaps } from './span-resolution';
export * from './disclosure-control';
export * from './disclosure-control/index';
