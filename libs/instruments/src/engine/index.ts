/** The common definition engine: pure functions shared by every instrument kind. */
export * from './definition-check';
export * from './condition';
export * from './answer-bounds';
export * from './answer-validation';
export * from './semver-diff';
export * from './answer-schema';
export * from './survey-js';
export * from './survey-js-data';
export { surveyJsNames } from './survey-js-names';
export { POSTCODE_PATTERN } from './postcode-pattern';
export { DEFAULT_MAX_TEXT_LENGTH, isAnswered, isIsoDate } from './shared';
