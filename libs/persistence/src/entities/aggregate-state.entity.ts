import { Column, Entity, PrimaryColumn } from 'typeorm';

/** When the aggregates of one (instrument, campaign) were last computed, and over what. */
@Entity({ name: 'aggregate_state' })
export class AggregateStateEntity {
  @PrimaryColumn({ name: 'instrument_key', type: 'text' })
  instrumentKey!: string;

  @PrimaryColumn({ name: 'campaign_key', type: 'text' })
  campaignKey!: string;

  @Column({ name: 'complete_submissions', type: 'integer' })
  completeSubmissions!: number;

  @Column({ name: 'partial_submissions', type: 'integer' })
  partialSubmissions!: number;

  /** The instrument versions the computation covered. */
  @Column({ type: 'text', array: true })
  versions!: string[];

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt!: Date;

  /** How many recomputations ran: a burst of submissions should need far fewer than one each. */
  @Column({ type: 'integer', default: 0 })
  runs!: number;

  /** The `pg_snapshot` the tables reflect: rows written by transactions not visible in it are added live. */
  @Column({ type: 'text', nullable: true })
  snapshot!: string | null;
}
