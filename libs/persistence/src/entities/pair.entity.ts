import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A stable binôme: one mediator with one professional, the same across every phase. */
@Entity({ name: 'pair' })
@Index('UQ_pair_campaign_code', ['campaignKey', 'code'], { unique: true })
@Index('UQ_pair_campaign_mediator', ['campaignKey', 'mediatorId'], { unique: true })
@Index('UQ_pair_campaign_professional', ['campaignKey', 'professionalId'], { unique: true })
export class PairEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'campaign_key', type: 'text' })
  campaignKey!: string;

  /** Derived from the two participant codes (`M01+P01`); pseudonymous like them. */
  @Column({ type: 'text' })
  code!: string;

  @Column({ name: 'mediator_id', type: 'uuid' })
  mediatorId!: string;

  @Column({ name: 'professional_id', type: 'uuid' })
  professionalId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
