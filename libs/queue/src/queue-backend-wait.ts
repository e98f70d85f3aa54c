import type { AppConfig } from '@observatory/config';
import { StartDeadline, untilReachable, type StartLog } from '@observatory/config';
import { pingRedis } from './queue-connection';

/**
 * A process that runs queue workers needs its backend at start: on Redis, it waits until Redis
 * answers (retrying, each retry logged) and gives up at the deadline. The PostgreSQL backend lives
 * in the service's database, which the start has already reached. Each dependency has its own
 * START_TIMEOUT_MS, counted from when the start begins to wait for it.
 */
export async function waitForQueueBackend(config: AppConfig, log: StartLog): Promise<void> {
  if (config.queueBackend !== 'redis' || !config.redisUrl) return;
  const url = config.redisUrl;
  const deadline = new StartDeadline(config.startTimeoutMs);
  await untilReachable('Redis', (timeoutMs) => pingRedis(url, timeoutMs), deadline, log);
}
