import { definitionChecksum } from '@observatory/instruments';
import type { JsonValue } from '@observatory/instrument-sdk';
import type { SubmitRequest } from './submission-request';

/**
 * Fingerprint of a submit request as received (before anonymisation), so a retry of the same
 * request is told apart from a different one under the same clientSubmissionId. Only the hash is
 * stored, never the raw answers.
 */
export function submitRequestHash(request: SubmitRequest): string {
  return definitionChecksum({
    instrumentKey: request.instrumentKey,
    version: request.version,
    campaignKey: request.campaignKey,
    phase: request.phase ?? null,
    pairCode: request.pairCode ?? null,
    participantCode: request.participantCode ?? null,
    respondentRole: request.respondentRole ?? null,
    status: request.status,
    answers: (request.answers ?? null) as JsonValue,
  });
}
