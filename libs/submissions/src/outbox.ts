import type { EntityManager } from 'typeorm';
import type { JsonObject } from '@observatory/instrument-sdk';

const OUTBOX_TABLE = 'outbox_event';

/** Topic of "the answers of (instrument, campaign) changed": the aggregation recomputes them. */
export const SUBMISSIONS_CHANGED = 'submissions.changed';

export interface OutboxEvent {
  topic: string;
  payload: JsonObject;
  /** Only adds new COMPLETE submissions, so the aggregates can apply it as a delta. */
  additive?: boolean;
}

/** The one place that writes the outbox; call it inside the transaction of the change. */
export async function recordOutboxEvent(manager: EntityManager, event: OutboxEvent): Promise<void> {
  const insert = outboxInsert(1, event);
  await manager.query(insert.sql, insert.params);
}

/**
 * The same INSERT as a statement (`INSERT … SELECT $first…`) to put in a data-modifying CTE of the
 * statement that makes the change, so change and event are one round trip and one transaction.
 */
export function outboxInsert(
  first: number,
  event: OutboxEvent,
): { sql: string; params: unknown[] } {
  const p = (offset: number) => `$${first + offset}`;
  return {
    sql: `INSERT INTO ${OUTBOX_TABLE} (topic, payload, instrument_key, campaign_key, additive) SELECT ${p(0)}, ${p(1)}::jsonb, ${p(2)}, ${p(3)}, ${p(4)}::boolean`,
    params: [
      event.topic,
      JSON.stringify(event.payload),
      event.payload.instrumentKey ?? null,
      event.payload.campaignKey ?? null,
      event.additive ?? false,
    ],
  };
}
