import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export interface CampaignBranch {
  key: string;
  title: string;
}

/** One study: TechESS 2023 (branches, pairs, phases) or MicroOBS 2020 (questionnaire waves). */
@Entity({ name: 'campaign' })
export class CampaignEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  branches!: CampaignBranch[];

  /** Seeded demo data (embedded mode), so it can be told apart and removed. */
  @Column({ type: 'boolean', default: false })
  demo!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
