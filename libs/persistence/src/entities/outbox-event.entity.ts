import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '@observatory/instrument-sdk';

/**
 * An event written in the same transaction as the change it announces; a relay moves it to the
 * queue and marks it sent. The payload names what changed (instrument, campaign), never answers.
 */
@Entity({ name: 'outbox_event' })
@Index('IDX_outbox_event_unsent', ['id'], { where: 'sent_at IS NULL' })
@Index('IDX_outbox_event_target', ['instrumentKey', 'campaignKey', 'sentAt'])
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  topic!: string;

  /** What changed, as columns so "is anything newer than the aggregates?" is an index lookup. */
  @Column({ name: 'instrument_key', type: 'text', nullable: true })
  instrumentKey!: string | null;

  @Column({ name: 'campaign_key', type: 'text', nullable: true })
  campaignKey!: string | null;

  @Column({ type: 'jsonb' })
  payload!: JsonObject;

  @Column({ name: 'created_on', type: 'date', default: () => 'CURRENT_DATE' })
  createdOn!: string;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Only adds new COMPLETE submissions: the aggregates apply it as a delta, no full recompute. */
  @Column({ type: 'boolean', default: false })
  additive!: boolean;
}
