import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueueService } from '@observatory/queue';
import { SUBMISSIONS_CHANGED } from './outbox';

export const AGGREGATION_QUEUE = 'aggregation';
const BATCH = 200;
const IDLE_POLL_MS = 500;
/** Changes to one (instrument, campaign) within this window are recomputed by one job. */
export const AGGREGATION_DEBOUNCE_MS = 1000;
/** A queue backend that does not answer must not hold the outbox rows locked for long. */
const ENQUEUE_TIMEOUT_MS = 5000;

interface OutboxRow {
  id: string;
  topic: string;
  payload: { instrumentKey?: string; campaignKey?: string };
}

/**
 * Moves outbox events to the queue, then marks them sent. Runs where the worker runs. While the
 * queue backend is down, events simply wait in the outbox: the submissions are already stored.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: returns how many events were relayed. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // SKIP LOCKED: several workers can relay side by side without sending an event twice.
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, payload FROM outbox_event WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      const targets = new Map<string, { instrumentKey: string; campaignKey: string }>();
      for (const row of rows) {
        if (
          row.topic === SUBMISSIONS_CHANGED &&
          row.payload.instrumentKey &&
          row.payload.campaignKey
        ) {
          targets.set(`${row.payload.instrumentKey}\u0000${row.payload.campaignKey}`, {
            instrumentKey: row.payload.instrumentKey,
            campaignKey: row.payload.campaignKey,
          });
        }
      }
      const window = Math.floor(Date.now() / AGGREGATION_DEBOUNCE_MS);
      for (const target of targets.values()) {
        // One job per (instrument, campaign) and time window: a burst of submissions runs few jobs.
        await withTimeout(
          this.queues.enqueue(AGGREGATION_QUEUE, 'recompute', target, {
            jobId: `recompute-${target.instrumentKey}-${target.campaignKey}-${window}`,
            delayMs: AGGREGATION_DEBOUNCE_MS,
          }),
          ENQUEUE_TIMEOUT_MS,
        );
      }
      // clock_timestamp(), not now(): the time of this statement, after the events' own commits, so
      // aggregates computed in a transaction that starts later include them (AggregateQueryService).
      await manager.query(
        `UPDATE outbox_event SET sent_at = clock_timestamp(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])`,
        [rows.map((row) => row.id)],
      );
      // A state row for every target, not computed yet, so aggregate queries know it exists.
      for (const target of targets.values()) {
        await manager.query(
          `INSERT INTO aggregate_state (instrument_key, campaign_key, complete_submissions, partial_submissions, versions, computed_at, runs)
           VALUES ($1, $2, 0, 0, '{}', '-infinity', 0) ON CONFLICT (instrument_key, campaign_key) DO NOTHING`,
          [target.instrumentKey, target.campaignKey],
        );
      }
      return rows.length;
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = undefined));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let relayed = 0;
    try {
      relayed = await this.relayOnce();
    } catch (error) {
      // The queue or the database is down: keep the events, try again shortly.
      this.logger.warn(`outbox relay paused: ${(error as Error).name}`);
    }
    this.schedule(relayed === BATCH ? 0 : IDLE_POLL_MS);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the queue backend did not answer in time')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
