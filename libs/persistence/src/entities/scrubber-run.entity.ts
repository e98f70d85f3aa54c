import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type ScrubberRunStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';

/**
 * One re-scrubbing of stored free text with a scrubber version: how far it has gone. Progress only,
 * never text: counts of submissions and of values redacted.
 */
@Entity({ name: 'scrubber_run' })
export class ScrubberRunEntity {
  @PrimaryColumn({ type: 'smallint' })
  version!: number;

  @Column({ type: 'text' })
  status!: ScrubberRunStatus;

  /** Submissions scrubbed by an older version when the run started. */
  @Column({ type: 'integer', default: 0 })
  total!: number;

  /** Submissions scrubbed again so far. */
  @Column({ type: 'integer', default: 0 })
  done!: number;

  /** Of which the text changed. */
  @Column({ type: 'integer', default: 0 })
  changed!: number;

  /** Values redacted by this run. */
  @Column({ type: 'integer', default: 0 })
  redactions!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
