// Type-checked against the generated types by test/e2e/graphql-tooling.e2e-spec.ts.
import type { SubmitMutation, SubmitMutationVariables } from './generated/graphql';

export const variables: SubmitMutationVariables = {
  input: {
    clientSubmissionId: 'tablet-7/1',
    instrumentKey: 'microobs-mediators',
    version: '1.0.0',
    campaignKey: 'microobs-demo',
    phase: 'open-wave',
    status: 'DRAFT',
    answers: { gender: 'female' },
  },
};

/** The SurveyJS question of each error, to show it beside its question. */
export function errorsByQuestion(result: SubmitMutation): Map<string, string> {
  const errors = new Map<string, string>();
  if (result.submit.__typename === 'SubmissionRejected') {
    for (const error of result.submit.errors) {
      if (error.question) errors.set(error.question, error.message);
    }
  }
  return errors;
}
