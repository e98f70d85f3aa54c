/**
 * The token-only respondent of the skills test, in one place: how tokens are issued and what a
 * device sends with one (the token, the cohort it chose, the answers: the token alone tells the
 * service which instrument, campaign and phase).
 */
import { FRONT_END_CAMPAIGN } from './front-end-fixture';
import type { TestApp } from './test-app';

export const SUBMIT_ANONYMOUS = `mutation ($input: AnonymousSubmitInput!) {
  submitAnonymous(input: $input) {
    __typename
    ... on SubmissionAccepted { submission { id status answers derived } }
    ... on SubmissionRejected { errors { path code message question } }
  }
}`;

/** The cohort a respondent gives (the only context kept with an anonymous answer). */
export const COHORT = { branch: 'insertion', respondentRole: 'PROFESSIONAL' };

export async function issueTokens(
  api: TestApp,
  instrumentKey: string,
  count: number,
): Promise<string[]> {
  const reply = await api.gql<{ issueAnonymousTokens: string[] }>(
    `mutation ($campaignKey: String!, $instrumentKey: String!, $count: Int!) {
      issueAnonymousTokens(campaignKey: $campaignKey, instrumentKey: $instrumentKey, count: $count)
    }`,
    { campaignKey: FRONT_END_CAMPAIGN, instrumentKey, count },
  );
  return reply.data!.issueAnonymousTokens;
}

/** The `input` of `submitAnonymous` for a token and a form's answers. */
export function anonymousInput(token: string, answers: unknown): Record<string, unknown> {
  return { token, ...COHORT, answers };
}
