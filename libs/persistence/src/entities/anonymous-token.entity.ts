import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A one-time token handed out at the seminar. Only its keyed hash is stored, and the row is
 * inserted in hash order, not in the order of the issued list. A used token is marked `spent`
 * until the next mixing deletes it: from then on nothing says it ever existed, and it is refused
 * like any unknown token.
 */
@Entity({ name: 'anonymous_token' })
@Index('IDX_anonymous_token_target', ['campaignKey', 'instrumentKey'])
export class AnonymousTokenEntity {
  /** HMAC-SHA256 of the normalised token (see anonymousTokenHash). */
  @PrimaryColumn({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'campaign_key', type: 'text' })
  campaignKey!: string;

  @Column({ name: 'instrument_key', type: 'text' })
  instrumentKey!: string;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn!: string;

  /** Set at issue; after it, the token is refused like an unknown one. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'boolean', default: false })
  spent!: boolean;
}

/**
 * An anonymous answer waiting to be mixed, sealed (AES-256-GCM, under a key the database does not
 * hold: see sealed-answer.ts). In clear only what the mixing groups by. No time, no order, no
 * token: the mixing deletes the row when it stores the answer in a batch.
 */
@Entity({ name: 'anonymous_answer_pool' })
@Index('IDX_anonymous_answer_pool_target', ['campaignKey', 'instrumentKey'])
export class AnonymousPoolEntryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_anonymous_answer_pool' })
  id!: string;

  @Column({ name: 'campaign_key', type: 'text' })
  campaignKey!: string;

  @Column({ name: 'instrument_key', type: 'text' })
  instrumentKey!: string;

  @Column({ name: 'phase_key', type: 'text', nullable: true })
  phaseKey!: string | null;

  @Column({ name: 'instrument_version', type: 'text' })
  instrumentVersion!: string;

  @Column({ type: 'bytea' })
  sealed!: Buffer;
}
