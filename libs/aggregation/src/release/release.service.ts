import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { badInput } from '@observatory/errors';
import type { InstrumentDefinition } from '@observatory/instrument-sdk';
import { InstrumentService, PluginRegistry } from '@observatory/instruments';
import { DEFAULT_K, isCronExpression } from '@observatory/partners';
import {
  AggregateReleaseEntity,
  ReleasePolicyEntity,
  type ReleaseTrigger,
} from '@observatory/persistence';
import { aggregatableFields, type AggregateField } from '../aggregate-field';
import { lockedTransaction, inBatches } from '../locked-transaction';
import { aggregatableAnswers } from './aggregatable-answers';
import type { ReleaseRow } from './release-data';

/** Rows read and written per round trip while a release is built. */
const BATCH = 2000;
/** Automatic releases: at least this long after the previous one, unless the policy says otherwise. */
export const DEFAULT_MINIMUM_INTERVAL_SECONDS = 60;

export interface ReleaseStatus {
  instrumentKey: string;
  current: AggregateReleaseEntity | null;
  /** Respondents added or removed since the current release (all of them before the first). */
  pendingChanges: number;
  /** The least number of changes for a release to advance. */
  threshold: number;
  schedule: string | null;
  minimumIntervalSeconds: number;
}

/** What `advance` did. */
export type Advance =
  | { advanced: true; release: AggregateReleaseEntity }
  | { advanced: false; reason: string; pendingChanges?: number; threshold: number };

/**
 * SQL: whether the submission aliased `alias` belongs to the current release of its instrument.
 * The members of the current release are exactly the rows of release_member: an export that must
 * show what partners' aggregates count joins on this (record keys, never submission ids).
 */
export function releaseMemberSql(alias = 's'): string {
  return `EXISTS (SELECT 1 FROM release_member rm WHERE rm.instrument_key = ${alias}.instrument_key AND rm.record_key = ${alias}.record_key)`;
}

/**
 * Releases: partners read frozen copies of each instrument's COMPLETE submissions, never the live
 * tables. A release advances only when at least `threshold` respondents changed since the last
 * (new, completed, erased): automatically (after each aggregation job, at most every
 * `minimumIntervalSeconds`) or, when the instrument has a schedule, only at its times; an admin can
 * ask for one, and force one with fewer changes. Never on one submission: the threshold is the
 * largest k of the agreements covering the instrument, and at least DEFAULT_K.
 */
@Injectable()
export class ReleaseService {
  private readonly logger = new Logger(ReleaseService.name);
  private readonly advanced: ((instrumentKey: string) => void)[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instruments: InstrumentService,
    private readonly plugins: PluginRegistry,
  ) {}

  /** Calls `listener` in this process after each release it publishes (caches use it). */
  onAdvance(listener: (instrumentKey: string) => void): void {
    this.advanced.push(listener);
  }

  current(instrumentKey: string, manager?: EntityManager): Promise<AggregateReleaseEntity | null> {
    return (manager ?? this.dataSource.manager).getRepository(AggregateReleaseEntity).findOne({
      where: { instrumentKey },
      order: { number: 'DESC' },
    });
  }

  list(instrumentKey: string): Promise<AggregateReleaseEntity[]> {
    return this.dataSource
      .getRepository(AggregateReleaseEntity)
      .find({ where: { instrumentKey }, order: { number: 'DESC' }, take: 100 });
  }

  async status(instrumentKey: string): Promise<ReleaseStatus> {
    const [current, changes, threshold, policy] = await Promise.all([
      this.current(instrumentKey),
      this.changes(this.dataSource.manager, instrumentKey),
      this.threshold(this.dataSource.manager, instrumentKey),
      this.policy(this.dataSource.manager, instrumentKey),
    ]);
    return {
      instrumentKey,
      current,
      pendingChanges: changes.added + changes.removed,
      threshold,
      schedule: policy.schedule,
      minimumIntervalSeconds: policy.minimumIntervalSeconds,
    };
  }

  async setPolicy(
    instrumentKey: string,
    policy: { schedule?: string | null; minimumIntervalSeconds?: number | null },
  ): Promise<ReleasePolicyEntity> {
    if ((await this.instruments.versions(instrumentKey)).length === 0)
      throw badInput(`No instrument "${instrumentKey}"`);
    if (policy.schedule && !isCronExpression(policy.schedule)) {
      throw badInput('schedule must be a cron expression, e.g. "0 6 * * 1" (Mondays at 06:00)');
    }
    const interval = policy.minimumIntervalSeconds ?? DEFAULT_MINIMUM_INTERVAL_SECONDS;
    if (!Number.isInteger(interval) || interval < 0 || interval > 31 * 86400) {
      throw badInput('minimumIntervalSeconds must be a whole number of seconds, at most 31 days');
    }
    const repository = this.dataSource.getRepository(ReleasePolicyEntity);
    await repository.upsert(
      {
        instrumentKey,
        schedule: policy.schedule ?? null,
        minimumIntervalSeconds: interval,
        updatedAt: new Date(),
      },
      ['instrumentKey'],
    );
    return repository.findOneByOrFail({ instrumentKey });
  }

  /** The instruments whose releases follow a schedule, with it. */
  schedules(): Promise<{ instrumentKey: string; schedule: string }[]> {
    return this.dataSource.query(
      `SELECT instrument_key AS "instrumentKey", schedule FROM release_policy WHERE schedule IS NOT NULL`,
    );
  }

  /**
   * Advances the release of an instrument when due. CHANGES: automatic (not when the instrument
   * follows a schedule, nor sooner than its minimum interval); SCHEDULE: at a scheduled time;
   * ADMIN: on request, `force` allowing fewer changes than the threshold (never none).
   */
  async advance(
    instrumentKey: string,
    trigger: ReleaseTrigger,
    options: { force?: boolean } = {},
  ): Promise<Advance> {
    const fieldsOf = await this.fieldsByVersion(instrumentKey);
    const outcome = await lockedTransaction(
      this.dataSource,
      `release:${instrumentKey}`,
      async (db): Promise<Advance> => {
        const current = await this.current(instrumentKey, db);
        const policy = await this.policy(db, instrumentKey);
        const threshold = await this.threshold(db, instrumentKey);
        // The cheap reasons first: an automatic release that is not due counts nothing.
        if (trigger === 'CHANGES') {
          const notDue = (reason: string): Advance => ({ advanced: false, reason, threshold });
          if (policy.schedule) return notDue('the instrument follows a release schedule');
          const [{ due }]: { due: boolean }[] = await db.query(
            `SELECT $1::timestamptz IS NULL OR $1::timestamptz + make_interval(secs => $2) <= now() AS due`,
            [current?.createdAt ?? null, policy.minimumIntervalSeconds],
          );
          if (!due) return notDue('the minimum interval since the last release has not passed');
        }
        const changes = await this.changes(db, instrumentKey);
        const pendingChanges = changes.added + changes.removed;
        const refuse = (reason: string): Advance => ({
          advanced: false,
          reason,
          pendingChanges,
          threshold,
        });
        if (pendingChanges === 0) return refuse('nothing changed since the last release');
        if (pendingChanges < threshold && !(trigger === 'ADMIN' && options.force)) {
          return refuse(
            `${pendingChanges} respondent(s) changed since the last release; a release needs at least ${threshold}`,
          );
        }
        const number = (current?.number ?? 0) + 1;
        await db.query(
          `DELETE FROM release_member m WHERE m.instrument_key = $1 AND NOT EXISTS (
           SELECT 1 FROM submission s WHERE s.instrument_key = $1 AND s.status = 'COMPLETE' AND s.record_key = m.record_key)`,
          [instrumentKey],
        );
        await this.addMembers(db, instrumentKey, number, fieldsOf);
        const respondents = (current?.respondents ?? 0) - changes.removed + changes.added;
        const release = db.getRepository(AggregateReleaseEntity).create({
          instrumentKey,
          number,
          trigger,
          respondents,
          changes: pendingChanges,
        });
        await db.getRepository(AggregateReleaseEntity).insert(release);
        this.logger.log(
          `release ${number} of ${instrumentKey}: ${respondents} respondents, ${pendingChanges} changed (${trigger})`,
        );
        return {
          advanced: true,
          release: await db
            .getRepository(AggregateReleaseEntity)
            .findOneByOrFail({ instrumentKey, number }),
        };
      },
    );
    if (outcome.advanced) for (const listener of this.advanced) listener(instrumentKey);
    return outcome;
  }

  /** Copies the COMPLETE submissions not yet in the release, their aggregatable answers only. */
  private async addMembers(
    db: EntityManager,
    instrumentKey: string,
    number: number,
    fieldsOf: Map<string, AggregateField[]>,
  ): Promise<void> {
    // Ordered by record key, so the table's order says nothing about submission time.
    await inBatches<ReleaseRow>(
      db,
      `SELECT s.record_key::text AS "recordKey", s.campaign_key AS "campaignKey",
              s.instrument_version AS version, s.phase_key AS phase, s.respondent_role AS "respondentRole",
              s.branch, s.answers, s.derived
         FROM submission s
        WHERE s.instrument_key = $1 AND s.status = 'COMPLETE'
          AND NOT EXISTS (SELECT 1 FROM release_member m WHERE m.instrument_key = $1 AND m.record_key = s.record_key)
        ORDER BY s.record_key`,
      [instrumentKey],
      BATCH,
      async (rows) => {
        const members = rows.map((row) => {
          const kept = aggregatableAnswers(
            fieldsOf.get(row.version) ?? [],
            row.answers,
            row.derived ?? {},
          );
          return {
            record_key: row.recordKey,
            campaign_key: row.campaignKey,
            instrument_version: row.version,
            phase_key: row.phase,
            respondent_role: row.respondentRole,
            branch: row.branch,
            answers: kept.answers,
            derived: kept.derived,
          };
        });
        await db.query(
          `INSERT INTO release_member (instrument_key, record_key, release_number, campaign_key, instrument_version, phase_key, respondent_role, branch, answers, derived)
           SELECT $1, r.record_key::bigint, $2, r.campaign_key, r.instrument_version, r.phase_key, r.respondent_role, r.branch, r.answers, r.derived
             FROM jsonb_to_recordset($3::jsonb) AS r(record_key text, campaign_key text, instrument_version text, phase_key text, respondent_role text, branch text, answers jsonb, derived jsonb)`,
          [instrumentKey, number, JSON.stringify(members)],
        );
      },
    );
  }

  /** Respondents in the live data and not in the release, and the reverse. */
  private async changes(
    db: EntityManager,
    instrumentKey: string,
  ): Promise<{ added: number; removed: number }> {
    const [row]: { added: number; removed: number }[] = await db.query(
      `SELECT (SELECT count(*) FROM submission s
                WHERE s.instrument_key = $1 AND s.status = 'COMPLETE'
                  AND NOT EXISTS (SELECT 1 FROM release_member m WHERE m.instrument_key = $1 AND m.record_key = s.record_key))::int AS added,
              (SELECT count(*) FROM release_member m
                WHERE m.instrument_key = $1
                  AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.instrument_key = $1 AND s.status = 'COMPLETE' AND s.record_key = m.record_key))::int AS removed`,
      [instrumentKey],
    );
    return row;
  }

  /** The largest k of the agreements covering the instrument, at least DEFAULT_K. */
  private async threshold(db: EntityManager, instrumentKey: string): Promise<number> {
    const [row]: { k: number | null }[] = await db.query(
      'SELECT max(k)::int AS k FROM partner WHERE $1 = ANY(instrument_keys)',
      [instrumentKey],
    );
    return Math.max(DEFAULT_K, row.k ?? 0);
  }

  private async policy(
    db: EntityManager,
    instrumentKey: string,
  ): Promise<{ schedule: string | null; minimumIntervalSeconds: number }> {
    const policy = await db.getRepository(ReleasePolicyEntity).findOneBy({ instrumentKey });
    return {
      schedule: policy?.schedule ?? null,
      minimumIntervalSeconds: policy?.minimumIntervalSeconds ?? DEFAULT_MINIMUM_INTERVAL_SECONDS,
    };
  }

  /** The aggregatable fields of each version of the instrument. */
  async fieldsByVersion(instrumentKey: string): Promise<Map<string, AggregateField[]>> {
    const versions = await this.instruments.versions(instrumentKey);
    return new Map(versions.map((version) => [version.version, this.fieldsOf(version.definition)]));
  }

  fieldsOf(definition: InstrumentDefinition): AggregateField[] {
    return aggregatableFields(
      definition,
      this.plugins.get(definition.kind)?.measures?.(definition) ?? [],
    );
  }
}
