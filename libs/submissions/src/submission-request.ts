import type { JsonObject } from '@observatory/instrument-sdk';
import type { AnswerProblem } from '@observatory/instruments';
import type { SubmissionEntity, StoredRedaction } from '@observatory/persistence';

export type SubmissionStatus = 'DRAFT' | 'COMPLETE';

export interface SubmitRequest {
  clientSubmissionId: string;
  instrumentKey: string;
  version: string;
  campaignKey: string;
  phase?: string | null;
  pairCode?: string | null;
  participantCode?: string | null;
  respondentRole?: string | null;
  status: SubmissionStatus;
  answers: unknown;
}

/** A token, the cohort the respondent chooses to give, and the answers. */
export interface AnonymousSubmitRequest {
  token: string;
  answers: unknown;
  branch?: string | null;
  respondentRole?: string | null;
  /** Needed only when several phases that use the instrument are open at once. */
  phase?: string | null;
  /** The version of the form the device loaded; default the newest published. */
  version?: string | null;
  /** Sent by older clients: accepted when it is the token's. */
  instrumentKey?: string | null;
  campaignKey?: string | null;
}

export type SubmitOutcome =
  | {
      accepted: true;
      submission: SubmissionEntity;
      duplicate: boolean;
      redactions: StoredRedaction[];
    }
  | { accepted: false; errors: AnswerProblem[] };

export const rejected = (...errors: AnswerProblem[]): SubmitOutcome => ({
  accepted: false,
  errors,
});

export type { JsonObject };
