import { AnonymousMixer } from '@observatory/submissions';
import type { TestApp } from './test-app';

/**
 * One pass of the mixing job, as the worker's schedule runs it: the sizes of the batches stored.
 * Tests call it rather than wait for the schedule; until it runs, anonymous answers count nowhere.
 */
export function mixAnonymousAnswers(api: TestApp): Promise<number[]> {
  return api.app.get(AnonymousMixer).mixDue();
}
