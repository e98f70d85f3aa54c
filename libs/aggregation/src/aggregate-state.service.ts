import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { InstrumentService } from '@observatory/instruments';
import { RAISE_WORK_MEM_SQL } from '@observatory/persistence';
import {
  CELL_COLUMNS,
  cellRowsSql,
  parameters,
  precomputedFields,
  submissionsWrittenAfter,
  type PrecomputedFields,
} from './aggregate-cells-sql';
import { lockedTransaction } from './locked-transaction';

export interface RecomputeTarget {
  instrumentKey: string;
  campaignKey: string;
}

/** How a refresh brought the tables up to date. */
export type Refresh = 'delta' | 'full';

const TARGET = 'instrument_key = $1 AND campaign_key = $2';
const WORK_MEM_KB = 64 * 1024;

/**
 * Keeps the aggregate tables of one (instrument, campaign) up to date with its COMPLETE
 * submissions, in SQL over `jsonb`: the counts of every top-level choice field by version and
 * context (`aggregate_cell`), and the state row (`aggregate_state`) with the snapshot they reflect.
 *
 * New submissions (a mixed batch of anonymous answers too) are added as a delta: the rows written
 * by transactions the stored snapshot did not see, found through an index. Anything else (a
 * completed draft, an erasure: an outbox event that is not additive) rewrites the tables of that
 * (instrument, campaign) from scratch. Either way one REPEATABLE READ transaction, so the counts and the
 * snapshot stored with them agree; refreshes of the same target wait for one another.
 */
@Injectable()
export class AggregateStateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instruments: InstrumentService,
  ) {}

  /** Brings the tables up to date, by a delta when only submissions were added since. */
  async refresh(target: RecomputeTarget): Promise<Refresh> {
    const fields = await this.fields(target.instrumentKey);
    return this.locked(target, async (manager) => {
      const [state]: { snapshot: string | null; rewritten: boolean }[] = await manager.query(
        `SELECT st.snapshot,
                EXISTS (SELECT 1 FROM outbox_event o
                         WHERE o.instrument_key = st.instrument_key AND o.campaign_key = st.campaign_key
                           AND NOT o.additive AND (o.sent_at IS NULL OR o.sent_at > st.computed_at)) AS rewritten
           FROM aggregate_state st WHERE ${TARGET}`,
        [target.instrumentKey, target.campaignKey],
      );
      if (!state?.snapshot || state.rewritten) {
        await this.rewrite(manager, target, fields);
        return 'full';
      }
      await this.addDelta(manager, target, fields, state.snapshot);
      return 'delta';
    });
  }

  /** Rewrites the tables of the target from all its submissions. */
  async recompute(target: RecomputeTarget): Promise<void> {
    const fields = await this.fields(target.instrumentKey);
    await this.locked(target, (manager) => this.rewrite(manager, target, fields));
  }

  private async rewrite(
    manager: EntityManager,
    target: RecomputeTarget,
    fields: PrecomputedFields,
  ): Promise<void> {
    const keys = [target.instrumentKey, target.campaignKey];
    await manager.query(`DELETE FROM aggregate_cell WHERE ${TARGET}`, keys);
    const params: unknown[] = [...keys];
    const cells = cellRowsSql(
      'submission s',
      's.instrument_key = $1 AND s.campaign_key = $2',
      fields,
      parameters(params),
    );
    await manager.query(`INSERT INTO aggregate_cell (${CELL_COLUMNS}) ${cells}`, params);
    await manager.query(
      `INSERT INTO aggregate_state (instrument_key, campaign_key, complete_submissions, partial_submissions, versions, computed_at, runs, snapshot)
       SELECT $1, $2,
              count(*) FILTER (WHERE status = 'COMPLETE'),
              count(*) FILTER (WHERE status = 'DRAFT'),
              coalesce(array_agg(DISTINCT instrument_version) FILTER (WHERE status = 'COMPLETE'), '{}'),
              now(), 1, txid_current_snapshot()::text
         FROM submission WHERE ${TARGET}
       ON CONFLICT (instrument_key, campaign_key) DO UPDATE SET
         complete_submissions = EXCLUDED.complete_submissions,
         partial_submissions = EXCLUDED.partial_submissions,
         versions = EXCLUDED.versions,
         computed_at = EXCLUDED.computed_at,
         snapshot = EXCLUDED.snapshot,
         runs = aggregate_state.runs + 1`,
      keys,
    );
  }

  /** Adds the cells of the submissions written since `snapshot`, merged into the existing rows. */
  private async addDelta(
    manager: EntityManager,
    target: RecomputeTarget,
    fields: PrecomputedFields,
    snapshot: string,
  ): Promise<void> {
    const keys = [target.instrumentKey, target.campaignKey];
    const params: unknown[] = [...keys, snapshot];
    const delta = cellRowsSql(
      `${submissionsWrittenAfter('$3', { instrumentKey: '$1', campaignKey: '$2' })} AS s`,
      'true',
      fields,
      parameters(params),
    );
    const same = (column: string) => `c.${column} IS NOT DISTINCT FROM d.${column}`;
    const [added]: { submissions: number | null; versions: string[] | null }[] =
      await manager.query(
        `WITH delta AS (
           ${delta}
         ), merged AS (
           DELETE FROM aggregate_cell c USING delta d
            WHERE c.instrument_key = $1 AND c.campaign_key = $2 AND c.field_key = d.field_key
              AND ${['instrument_version', 'phase_key', 'respondent_role', 'branch', 'value'].map(same).join(' AND ')}
           RETURNING c.${CELL_COLUMNS.split(', ').join(', c.')}
         ), written AS (
           INSERT INTO aggregate_cell (${CELL_COLUMNS})
           SELECT ${CELL_COLUMNS.replace(/count$/, 'sum(count)')}
             FROM (SELECT * FROM merged UNION ALL SELECT * FROM delta) AS cells
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
         )
         SELECT (SELECT sum(count)::int FROM delta WHERE field_key = '') AS submissions,
                (SELECT array_agg(DISTINCT instrument_version) FROM delta) AS versions`,
        params,
      );
    await manager.query(
      `UPDATE aggregate_state
          SET complete_submissions = complete_submissions + $3,
              versions = ARRAY(SELECT DISTINCT v FROM unnest(versions || $4::text[]) AS v ORDER BY v),
              snapshot = txid_current_snapshot()::text,
              runs = runs + 1
        WHERE ${TARGET}`,
      [...keys, added.submissions ?? 0, added.versions ?? []],
    );
  }

  /** One locked REPEATABLE READ transaction per target (lockedTransaction). */
  private locked<T>(
    target: RecomputeTarget,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return lockedTransaction(
      this.dataSource,
      `aggregate:${target.instrumentKey}:${target.campaignKey}`,
      async (manager) => {
        // The planner expects as many groups as rows and would sort them on disk; the groups
        // are in fact few, so let it hash them (only ever raised, for this transaction).
        await manager.query(RAISE_WORK_MEM_SQL, [WORK_MEM_KB]);
        return work(manager);
      },
    );
  }

  private async fields(instrumentKey: string): Promise<PrecomputedFields> {
    const versions = await this.instruments.versions(instrumentKey);
    return precomputedFields(versions.map((version) => version.definition));
  }
}
