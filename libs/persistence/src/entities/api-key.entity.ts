import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ApiKeyRole = 'ADMIN' | 'COLLECTOR' | 'PARTNER';

/** What a key may reach beyond its role: the campaigns of a collector, the partner of a partner key. */
export interface ApiKeyScope {
  campaignKeys?: string[];
  partnerKey?: string;
}

/** An API key. Only the SHA-256 of the secret is stored; the secret is shown once, at creation. */
@Entity({ name: 'api_key' })
@Check('api_key_role_check', `role IN ('ADMIN', 'COLLECTOR', 'PARTNER')`)
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  role!: ApiKeyRole;

  @Index('IDX_api_key_secret_hash', { unique: true })
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  /** The first characters of the secret, so a person can tell keys apart without the secret. */
  @Column({ type: 'text' })
  prefix!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  scope!: ApiKeyScope;

  /** The bootstrap admin key from ADMIN_API_KEY (replaced when that variable changes). */
  @Column({ type: 'boolean', default: false })
  bootstrap!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
