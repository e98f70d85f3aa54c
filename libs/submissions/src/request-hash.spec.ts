import { submitRequestHash } from './request-hash';
import type { SubmitRequest } from './submission-request';

const request: SubmitRequest = {
  clientSubmissionId: 'a',
  instrumentKey: 'techess-debrief',
  version: '1.0.0',
  campaignKey: 'techess-demo',
  phase: 'day1',
  pairCode: 'M01+P01',
  status: 'COMPLETE',
  answers: { debrief: { learned: { mediator: 'x', professional: 'y' } } },
};

describe('submitRequestHash', () => {
  it('is the same for the same request, whatever the key order of the answers', () => {
    expect(submitRequestHash(request)).toBe(
      submitRequestHash({
        ...request,
        answers: { debrief: { learned: { professional: 'y', mediator: 'x' } } },
      }),
    );
  });

  it('ignores the client id and treats absent and null context alike', () => {
    expect(submitRequestHash({ ...request, clientSubmissionId: 'b', participantCode: null })).toBe(
      submitRequestHash(request),
    );
  });

  it.each([
    ['answers', { answers: { debrief: {} } }],
    ['status', { status: 'DRAFT' as const }],
    ['version', { version: '1.1.0' }],
    ['phase', { phase: 'day2' }],
    ['pair', { pairCode: 'M02+P02' }],
  ])('changes with the %s', (_, change) => {
    expect(submitRequestHash({ ...request, ...change })).not.toBe(submitRequestHash(request));
  });
});
