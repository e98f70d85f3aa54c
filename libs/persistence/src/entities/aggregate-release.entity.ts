import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '@observatory/instrument-sdk';

export type ReleaseTrigger = 'CHANGES' | 'SCHEDULE' | 'ADMIN';

/**
 * A frozen release of one instrument's COMPLETE submissions: what partners' aggregates are
 * computed from until the next one (see docs/disclosure-control.md, "Releases").
 */
@Entity({ name: 'aggregate_release' })
@Check('aggregate_release_trigger_check', `"trigger" IN ('CHANGES', 'SCHEDULE', 'ADMIN')`)
export class AggregateReleaseEntity {
  @PrimaryColumn({ name: 'instrument_key', type: 'text' })
  instrumentKey!: string;

  /** 1, 2, … per instrument. */
  @PrimaryColumn({ type: 'integer' })
  number!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** Why it was made: enough changes, the admin's schedule, or an admin's request. */
  @Column({ type: 'text' })
  trigger!: ReleaseTrigger;

  @Column({ type: 'integer' })
  respondents!: number;

  /** Respondents added (new or completed) or removed (erased) since the previous release. */
  @Column({ type: 'integer' })
  changes!: number;
}

/**
 * The members of the current release of an instrument: one row per COMPLETE submission, keyed by
 * its record key (never its id), with only what aggregates count (no free text, no identifier).
 * A member removed from the data (erasure) stays until the next release, then goes.
 */
@Entity({ name: 'release_member' })
export class ReleaseMemberEntity {
  @PrimaryColumn({ name: 'instrument_key', type: 'text' })
  instrumentKey!: string;

  @PrimaryColumn({ name: 'record_key', type: 'bigint' })
  recordKey!: string;

  /** The first release that holds it. */
  @Column({ name: 'release_number', type: 'integer' })
  releaseNumber!: number;

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

  /** The aggregatable answers only (choices, booleans, numbers). */
  @Column({ type: 'jsonb' })
  answers!: JsonObject;

  @Column({ type: 'jsonb' })
  derived!: JsonObject;
}

/** How an instrument's releases advance: automatically after enough changes, or on a schedule. */
@Entity({ name: 'release_policy' })
export class ReleasePolicyEntity {
  @PrimaryColumn({ name: 'instrument_key', type: 'text' })
  instrumentKey!: string;

  /** Cron expression: releases advance only then (when enough changed); null: automatically. */
  @Column({ type: 'text', nullable: true })
  schedule!: string | null;

  /** Automatic releases: at least this long after the previous one. */
  @Column({ name: 'minimum_interval_seconds', type: 'integer', default: 60 })
  minimumIntervalSeconds!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/**
 * The populations answered to partners (population-memory.service.ts): per answer, its
 * description's hash, its size and its sketch, from which the size of a small difference with
 * another population can be read; never who is in it. Kept across releases (record keys, hence
 * sketches, are permanent), so a population cannot be compared with itself one release later.
 */
@Entity({ name: 'population_memory' })
@Index('IDX_population_memory_instrument', ['instrumentKey', 'id'])
export class PopulationMemoryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'instrument_key', type: 'text' })
  instrumentKey!: string;

  /** The partner it was answered to, and its k (a pooled pair is checked with the larger k). */
  @Column({ name: 'partner_key', type: 'text' })
  partnerKey!: string;

  @Column({ type: 'integer' })
  k!: number;

  @Column({ name: 'release_number', type: 'integer' })
  releaseNumber!: number;

  /** SHA-256 of the canonical description (population-definition.ts). */
  @Column({ type: 'text' })
  definition!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'bytea' })
  sketch!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
