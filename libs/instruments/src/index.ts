export * from './definition-checksum';
export * from './instrument.service';
export * from './instruments.module';
export { PluginRegistry } from './registry';
// What the submit path and the GraphQL layer use of the engine (its other parts stay internal).
export {
  checkAnswerBounds,
  toAnswerSchema,
  toAnswerShape,
  toSurveyJs,
  validateAnswers,
  withSurveyJsQuestions,
  type AnswerBounds,
  type AnswerProblem,
  type BoundedAnswers,
} from './engine';
