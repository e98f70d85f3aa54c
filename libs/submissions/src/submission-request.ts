import type { JsonObject } from '@observatory/instrument-sdk';
import type { Problem } from '@observatory/instrument-sdk';
import type { SubmissionEntity, StoredRedaction } from '../../persistence/src';

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

export interface AnonymousSubmitRequest {
  token: string;
  instrumentKey: string;
  version: string;
  campaignKey: string;
  phase?: string | null;
  branch?: string | null;
  respondentRole?: string | null;
  answers: unknown;
}

export type SubmitOutcome =
  | {
      accepted: true;
      submission: SubmissionEntity;
      duplicate: boolean;
      redactions: StoredRedaction[];
    }
  | { accepted: false; errors: Problem[] };

export const rejected = (...errors: Problem[]): SubmitOutcome => ({ accepted: false, errors });

export type { JsonObject };
