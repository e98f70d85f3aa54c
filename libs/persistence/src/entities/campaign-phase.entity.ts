import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface PhaseSequence {
  key: string;
  title: string;
}

/** A phase of a campaign (day1, day2, seminar; or a wave Q0..Q4) with its instruments and window. */
@Entity({ name: 'campaign_phase' })
export class CampaignPhaseEntity {
  @PrimaryColumn({ name: 'campaign_key', type: 'text' })
  campaignKey!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  title!: string;

  /** Order of the phase in the campaign. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'opens_at', type: 'timestamptz', nullable: true })
  opensAt!: Date | null;

  @Column({ name: 'closes_at', type: 'timestamptz', nullable: true })
  closesAt!: Date | null;

  /** Keys of the instruments used in this phase. */
  @Column({ name: 'instrument_keys', type: 'text', array: true, default: () => "'{}'" })
  instrumentKeys!: string[];

  /** TechESS: the sequences of the day (séquence 1 … 6). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  sequences!: PhaseSequence[];
}
