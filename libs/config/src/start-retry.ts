import { describeError } from './process-lifecycle';

/** The longest a single connection attempt at start may wait for an answer. */
export const CONNECT_ATTEMPT_MS = 5000;
const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 5000;

export interface StartLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** When the start gives up on a dependency that does not answer (START_TIMEOUT_MS after it began). */
export class StartDeadline {
  readonly at: number;

  constructor(
    readonly totalMs: number,
    now = Date.now(),
  ) {
    this.at = now + totalMs;
  }

  remaining(now = Date.now()): number {
    return Math.max(0, this.at - now);
  }
}

/**
 * Tries `attempt` until it succeeds or the deadline passes. Each attempt is given at most
 * CONNECT_ATTEMPT_MS (less when the deadline is nearer) and must give up by then itself; each
 * failure is logged with its reason, and the next try waits 0.5 s, then twice as long each time,
 * at most 5 s. Past the deadline the last reason ends the start.
 */
export async function untilReachable<T>(
  what: string,
  attempt: (timeoutMs: number) => Promise<T>,
  deadline: StartDeadline,
  log: StartLog,
): Promise<T> {
  let wait = FIRST_RETRY_MS;
  for (let tries = 1; ; tries++) {
    const timeoutMs = Math.max(1, Math.min(CONNECT_ATTEMPT_MS, deadline.remaining()));
    try {
      return await attempt(timeoutMs);
    } catch (error) {
      const reason = describeError(error);
      const retryInMs = Math.min(wait, deadline.remaining());
      if (retryInMs <= 0) {
        throw new Error(
          `${what} did not answer within ${deadline.totalMs} ms (START_TIMEOUT_MS), after ${tries} attempt${tries > 1 ? 's' : ''}; last error: ${reason}`,
          { cause: error },
        );
      }
      log.warn({ dependency: what, attempt: tries, reason, retryInMs }, `waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, retryInMs));
      wait = Math.min(wait * 2, LONGEST_RETRY_MS);
    }
  }
}
