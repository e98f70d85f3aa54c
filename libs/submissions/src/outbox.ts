import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../../instrument-sdk/src';

const OUTBOX_TABLE = 'outbox_event';

/** Topic of "the answers of (instrument, campaign) changed": the aggregation recomputes them. */
export const SUBMISSIONS_CHANGED = 'submissions.changed';

/** The one place that writes the outbox; call it inside the transaction of the change. */
export async function recordOutboxEvent(
  manager: EntityManager,
  topic: string,
  payload: JsonObject,
): Promise<void> {
  await manager.query(
    `INSERT INTO ${OUTBOX_TABLE} (topic, payload, instrument_key, campaign_key) VALUES ($1, $2, $3, $4)`,
    [topic, JSON.stringify(payload), payload.instrumentKey ?? null, payload.campaignKey ?? null],
  );
}
