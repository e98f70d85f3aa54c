import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A one-time token handed out at the seminar, not yet redeemed. Only its hash is stored. */
@Entity({ name: 'anonymous_token' })
export class AnonymousTokenEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'campaign_key', type: 'text' })
  campaignKey!: string;

  @Column({ name: 'instrument_key', type: 'text' })
  instrumentKey!: string;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn!: string;
}

/** A redeemed token: kept apart, with no reference to the submission it allowed. */
@Entity({ name: 'redeemed_anonymous_token' })
export class RedeemedAnonymousTokenEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'campaign_key', type: 'text' })
  campaignKey!: string;

  @Column({ name: 'instrument_key', type: 'text' })
  instrumentKey!: string;
}
