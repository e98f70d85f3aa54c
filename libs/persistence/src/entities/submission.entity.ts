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
// The COMPLETE submissions of an instrument by record key: what releases are compared with.
@Index('IDX_submission_release', ['instrumentKey', 'recordKey'], { where: `status = 'COMPLETE'` })
export class SubmissionEntity {
  /** Random (UUID v4): carries no order. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  /**
   * A keyed hash (HMAC-SHA256) of the client's id, never the id itself: a client id may hold
   * anything a front-end put in it. Unique per API key, so retries find their submission.
   */
  @Column({ name: 'client_submission_id', type: 'text', nullable: true })
  clientSubmissionId!: string | null;

  /** False only for rows written before client ids were hashed, until the service hashes them. */
  @Column({ name: 'client_id_keyed', type: 'boolean', default: false, select: false })
  clientIdKeyed?: boolean;

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

  /**
   * The version of the free-text scrubber that last scrubbed the answers (see SCRUBBER_VERSION).
   * Rows from before versions were recorded: 1. The default (2) only serves rows written by hand.
   */
  @Column({ name: 'scrubber_version', type: 'smallint', default: 2 })
  scrubberVersion!: number;

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

  /**
   * Permanent random key of the cell-key method (disclosure control of partners' figures), drawn
   * by the database at insert. Never read by the application's entities, never exposed.
   */
  @Column({
    name: 'record_key',
    type: 'bigint',
    default: () => 'random_record_key()',
    select: false,
    insert: false,
    update: false,
  })
  recordKey?: string;
}
