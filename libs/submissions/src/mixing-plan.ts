import { randomInt } from 'node:crypto';

/**
 * How many pooled answers of one (campaign, instrument, phase, version) the mixing stores now.
 *
 * m answers always stay behind, chosen at random, until nothing more can join the pool: a batch
 * is stored once the pool holds 2m (the pool less m random answers), and the final one, when the
 * phase has closed or no usable token is left, takes all that wait. So every batch, the final one
 * included, holds at least m answers, unless fewer than m were ever given in all.
 */
export function answersToStore(waiting: number, batchSize: number, final: boolean): number {
  if (waiting <= 0) return 0;
  if (final) return waiting;
  return waiting >= 2 * batchSize ? waiting - batchSize : 0;
}

/** m: the setting, raised to the k of the strictest agreement that covers the answers. */
export function effectiveBatchSize(setting: number, strictestK: number | null): number {
  return Math.max(setting, strictestK ?? 0);
}

/** A uniformly random permutation (Fisher–Yates over a cryptographic generator). */
export function shuffle<T>(items: readonly T[], random = randomInt): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

/**
 * The advisory lock of the pools of one (campaign, instrument): shared by the requests that spend
 * a token into them, exclusive for the mixing (tokens are per campaign and instrument).
 */
export function poolLock(target: { campaignKey: string; instrumentKey: string }): string {
  // Keys are lower-case letters, digits and dashes: a colon cannot occur in them.
  return `anonymous-pool:${target.campaignKey}:${target.instrumentKey}`;
}
