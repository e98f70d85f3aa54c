/** The common definition engine: pure functions shared by every instrument kind. */
export * from './condition';
export * from './answer-bounds';
export * from './answer-validation';
// The definition check and the version diff belong to the definition language, in the SDK (an
// outside author runs them through its test kit); re-exported for the engine's callers.
export {
  checkDefinition,
  checkVersionBump,
  diffDefinitions,
  type ChangeLevel,
  type DefinitionChange,
  type DefinitionCheckResult,
  type DefinitionDiff,
} from '@observatory/instrument-sdk';
export * from './answer-schema';
export * from './survey-js';
export * from './survey-js-data';
export { surveyJsNames } from './survey-js-names';
export { POSTCODE_PATTERN } from './postcode-pattern';
export { DEFAULT_MAX_TEXT_LENGTH, isAnswered, isIsoDate } from './shared';
