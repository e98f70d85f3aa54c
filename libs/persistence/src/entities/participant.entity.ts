import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ParticipantRole = 'MEDIATOR' | 'PROFESSIONAL';

/** A participant known only by a pseudonymous code: no name is ever stored. */
@Entity({ name: 'participant' })
@Index('UQ_participant_campaign_code', ['campaignKey', 'code'], { unique: true })
export class ParticipantEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'campaign_key', type: 'text' })
  campaignKey!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  role!: ParticipantRole;

  @Column({ type: 'text', nullable: true })
  branch!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
