import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '@observatory/instrument-sdk';

export type SubmissionStatusValue = 'DRAFT' | 'COMPLETE';

/** What the anonymisation removed or changed, by path: never the values. */
export interface StoredRedaction {
  path: string;
  kind: string;
  count: number;
}

/**
 * Answers to one instrument version in a campaign context, stored after anonymisation. Anonymous
 * (skills-test) submissions have no key, client id, participant or pair, and only a date.
 */
@Entity({ name: 'submission' })
@Index('UQ_submission_client_id', ['apiKeyId', 'clientSubmissionId'], { unique: true })
@Index('IDX_submission_campaign_instrument', ['campaignKey', 'instrumentKey', 'writtenXid'])
@Index('IDX_submission_participant', ['participantId'])
export class SubmissionEntity {
  /** Random (UUID v4): carries no order. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  @Column({ name: 'client_submission_id', type: 'text', nullable: true })
  clientSubmissionId!: string | null;

  /** SHA-256 of the request as received, to tell an idempotent retry from a conflicting one. */
  @Column({ name: 'request_hash', type: 'text', nullable: true })
  requestHash!: string | null;

  @Column({ name: 'instrument_key', type: 'text' })
  instrumentKey!: string;

  @Column({ name: 'instrument_version', type: 'text' })
  instrumentVersion!: string;

  @Column({ name: 'campaign_key', type: 'text' })
  campaignKey!: string;

  @Column({ name: 'phase_key', type: 'text', nullable: true })
  phaseKey!: string | null;

  @Column({ name: 'pair_id', type: 'uuid', nullable: true })
  pairId!: string | null;

  @Column({ name: 'participant_id', type: 'uuid', nullable: true })
  participantId!: string | null;

  @Column({ name: 'respondent_role', type: 'text', nullable: true })
  respondentRole!: string | null;

  @Column({ type: 'text', nullable: true })
  branch!: string | null;

  @Column({ type: 'text' })
  status!: SubmissionStatusValue;

  @Column({ type: 'boolean', default: false })
  anonymous!: boolean;

  @Column({ type: 'jsonb' })
  answers!: JsonObject;

  /** Values derived by the kind's plugin (e.g. skills-test scores). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  derived!: JsonObject;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  redactions!: StoredRedaction[];

  /** Day of submission only: a coarse date cannot order anonymous rows against token redemptions. */
  @Column({ name: 'submitted_on', type: 'date' })
  submittedOn!: string;

  /** Exact times, for non-anonymous submissions only. */
  @Column({ name: 'created_at', type: 'timestamptz', nullable: true })
  createdAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt!: Date | null;

  /**
   * The transaction that inserted the row, so aggregates can add what a computation did not see.
   * Null for anonymous rows: it would link them to their token redemption, written in the same
   * transaction.
   */
  @Column({
    name: 'written_xid',
    type: 'bigint',
    nullable: true,
    default: () => 'txid_current()',
    select: false,
  })
  writtenXid?: string | null;
}
