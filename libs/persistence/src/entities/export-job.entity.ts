import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type ExportJobStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';

export interface ExportFileRecord {
  name: string;
  bytes: number;
  sha256: string;
  mediaType: string;
}

export interface ExportDeliveryState {
  mode: 'DOWNLOAD' | 'PUSH';
  status: 'NONE' | 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  /** Files the partner's endpoint has accepted: not sent again on a retry. */
  deliveredFiles?: string[];
  error?: string;
}

/** One export: what was asked, for whom, and what it produced. Files live under EXPORT_DIR/<id>/. */
@Entity({ name: 'export_job' })
@Index('IDX_export_job_partner', ['partnerKey'])
@Check('export_job_status_check', `status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')`)
export class ExportJobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @Column({ name: 'partner_key', type: 'text', nullable: true })
  partnerKey!: string | null;

  @Column({ name: 'instrument_key', type: 'text' })
  instrumentKey!: string;

  @Column({ type: 'text', array: true })
  versions!: string[];

  @Column({ name: 'campaign_key', type: 'text', nullable: true })
  campaignKey!: string | null;

  @Column({ type: 'text' })
  level!: 'AGGREGATES' | 'MICRODATA';

  @Column({ type: 'text' })
  format!: 'CSV' | 'JSONL' | 'DATAPACKAGE';

  @Column({ type: 'jsonb' })
  delivery!: ExportDeliveryState;

  @Column({ type: 'text' })
  status!: ExportJobStatus;

  @Column({ type: 'double precision', default: 0 })
  progress!: number;

  @Column({ name: 'row_count', type: 'integer', nullable: true })
  rowCount!: number | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  files!: ExportFileRecord[];

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Set for exports started by an agreement's schedule. */
  @Column({ type: 'boolean', default: false })
  scheduled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** Files are deleted after this time by the retention job. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
