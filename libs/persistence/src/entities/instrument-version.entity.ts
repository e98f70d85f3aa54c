import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';

export type InstrumentVersionStatus = 'PUBLISHED' | 'RETIRED';

/** An immutable published definition. Only `status` and `retiredAt` ever change. */
@Entity({ name: 'instrument_version' })
@Index('UQ_instrument_version_key_version', ['instrumentKey', 'version'], { unique: true })
@Check('instrument_version_status_check', `status IN ('PUBLISHED', 'RETIRED')`)
export class InstrumentVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'instrument_key', type: 'text' })
  instrumentKey!: string;

  @Column({ type: 'text' })
  version!: string;

  /** Numeric parts, so "the latest version" is an ORDER BY and 1.10.0 sorts after 1.9.0. */
  @Column({ type: 'integer' })
  major!: number;

  @Column({ type: 'integer' })
  minor!: number;

  @Column({ type: 'integer' })
  patch!: number;

  @Column({ type: 'jsonb' })
  definition!: InstrumentDefinition;

  /** SHA-256 of the canonical JSON of the definition. */
  @Column({ type: 'text' })
  checksum!: string;

  @Column({ type: 'text', default: '' })
  changelog!: string;

  @Column({ type: 'text', default: 'PUBLISHED' })
  status!: InstrumentVersionStatus;

  /** Shipped by a plugin (loaded at start-up) rather than published through the API. */
  @Column({ type: 'boolean', default: false })
  builtin!: boolean;

  @Column({ name: 'published_at', type: 'timestamptz', default: () => 'now()' })
  publishedAt!: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
