import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '@observatory/instrument-sdk';

/**
 * Who asked what: every partner query and every admin read of microdata. `request` holds the
 * query as asked (instrument, fields, filters), never answers.
 */
@Entity({ name: 'audit_event' })
@Index('IDX_audit_event_at', ['at'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ name: 'api_key_id', type: 'uuid' })
  apiKeyId!: string;

  @Column({ type: 'text' })
  role!: string;

  @Column({ name: 'partner_key', type: 'text', nullable: true })
  partnerKey!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'jsonb' })
  request!: JsonObject;

  @Column({ name: 'suppressed_cells', type: 'integer', default: 0 })
  suppressedCells!: number;

  /** Whether the answer was refused or fully suppressed (population under k, differencing). */
  @Column({ type: 'text', default: 'ANSWERED' })
  outcome!: string;
}
