import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Precomputed counts of the top-level choice fields of one (instrument, campaign), by version and
 * context (phase, respondent role, branch). `field_key = ''` rows hold the number of submissions
 * (the population). Rewritten by the aggregation job; read by `aggregate` when the question fits.
 */
@Entity({ name: 'aggregate_cell' })
@Index('IDX_aggregate_cell_lookup', ['instrumentKey', 'campaignKey', 'fieldKey'])
export class AggregateCellEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'instrument_key', type: 'text' })
  instrumentKey!: string;

  @Column({ name: 'campaign_key', type: 'text' })
  campaignKey!: string;

  @Column({ name: 'instrument_version', type: 'text' })
  instrumentVersion!: string;

  @Column({ name: 'phase_key', type: 'text', nullable: true })
  phaseKey!: string | null;

  @Column({ name: 'respondent_role', type: 'text', nullable: true })
  respondentRole!: string | null;

  @Column({ type: 'text', nullable: true })
  branch!: string | null;

  @Column({ name: 'field_key', type: 'text' })
  fieldKey!: string;

  /** The option (or `true`/`false`); null: not answered. */
  @Column({ type: 'text', nullable: true })
  value!: string | null;

  @Column({ type: 'integer' })
  count!: number;
}
