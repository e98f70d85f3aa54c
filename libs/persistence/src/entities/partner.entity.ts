import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** PUBLIC: aggregates for open data (k = 11, perturbed like every partner's figures). */
export type AgreementLevel = 'AGGREGATES' | 'MICRODATA' | 'PUBLIC';

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
@Check('partner_k_check', 'k >= 3 AND k <= 15')
@Check('partner_level_check', `level IN ('AGGREGATES', 'MICRODATA', 'PUBLIC')`)
@Check('partner_quantile_minimum_check', 'quantile_minimum >= 10')
export class PartnerEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  level!: AgreementLevel;

  /** Disclosure threshold: no figure on fewer than k respondents (3 to 15; 11 for PUBLIC). */
  @Column({ type: 'integer', default: 5 })
  k!: number;

  /** Medians and quartiles only for groups of at least this many respondents (never below 10). */
  @Column({ name: 'quantile_minimum', type: 'integer', default: 10 })
  quantileMinimum!: number;

  @Column({ name: 'instrument_keys', type: 'text', array: true })
  instrumentKeys!: string[];

  @Column({ name: 'campaign_keys', type: 'text', array: true })
  campaignKeys!: string[];

  @Column({ type: 'jsonb' })
  delivery!: PartnerDelivery;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
