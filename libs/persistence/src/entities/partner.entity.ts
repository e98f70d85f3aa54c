import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type AgreementLevel = 'AGGREGATES' | 'MICRODATA';

/** How exports reach the partner (used by exports): a download link or a push to its endpoint. */
export interface PartnerDelivery {
  mode: 'DOWNLOAD' | 'PUSH';
  endpoint?: string;
  /** Cron expression of scheduled exports. */
  schedule?: string;
  /** Whether scrubbed free text may be included in microdata. */
  verbatims?: boolean;
}

/** A partner observatory and its data-sharing agreement: what it may see, how, with which k. */
@Entity({ name: 'partner' })
@Check('partner_k_check', 'k >= 3')
@Check('partner_level_check', `level IN ('AGGREGATES', 'MICRODATA')`)
export class PartnerEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  level!: AgreementLevel;

  /** Disclosure threshold: cells under k are suppressed (never below 3). */
  @Column({ type: 'integer', default: 5 })
  k!: number;

  @Column({ name: 'instrument_keys', type: 'text', array: true })
  instrumentKeys!: string[];

  @Column({ name: 'campaign_keys', type: 'text', array: true })
  campaignKeys!: string[];

  @Column({ type: 'jsonb' })
  delivery!: PartnerDelivery;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
