import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InstrumentService } from '../../instruments/src';

export interface RecomputeTarget {
  instrumentKey: string;
  campaignKey: string;
}

/** (version, field key) pairs of the top-level fields the aggregate tables precompute. */
interface PrecomputedFields {
  singleVersions: string[];
  singleKeys: string[];
  multipleVersions: string[];
  multipleKeys: string[];
}

/**
 * Recomputes the aggregate tables of one (instrument, campaign) from its COMPLETE submissions, in
 * SQL over `jsonb`, in one transaction: the counts of every top-level choice field by version and
 * context (`aggregate_cell`), and the state row saying when and from which versions
 * (`aggregate_state`). Only that (instrument, campaign) is rewritten, so the cost follows the
 * campaign, not the whole history. Drafts are counted apart and never enter the counts.
 */
@Injectable()
export class AggregateStateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instruments: InstrumentService,
  ) {}

  async recompute(target: RecomputeTarget): Promise<void> {
    const fields = await this.precomputedFields(target.instrumentKey);
    await this.dataSource.transaction(async (manager) => {
      // Concurrent jobs for the same target wait for one another instead of interleaving.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `aggregate:${target.instrumentKey}:${target.campaignKey}`,
      ]);
      await manager.query(
        'DELETE FROM aggregate_cell WHERE instrument_key = $1 AND campaign_key = $2',
        [target.instrumentKey, target.campaignKey],
      );
      await manager.query(
        `INSERT INTO aggregate_cell (instrument_key, campaign_key, instrument_version, phase_key, respondent_role, branch, field_key, value, count)
         SELECT s.instrument_key, s.campaign_key, s.instrument_version, s.phase_key, s.respondent_role, s.branch, '', NULL, count(*)
           FROM submission s
          WHERE s.instrument_key = $1 AND s.campaign_key = $2 AND s.status = 'COMPLETE'
          GROUP BY 1, 2, 3, 4, 5, 6
         UNION ALL
         SELECT s.instrument_key, s.campaign_key, s.instrument_version, s.phase_key, s.respondent_role, s.branch, f.key, s.answers ->> f.key, count(*)
           FROM submission s
           JOIN unnest($3::text[], $4::text[]) AS f(version, key) ON f.version = s.instrument_version
          WHERE s.instrument_key = $1 AND s.campaign_key = $2 AND s.status = 'COMPLETE'
          GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
         UNION ALL
         SELECT s.instrument_key, s.campaign_key, s.instrument_version, s.phase_key, s.respondent_role, s.branch, f.key, c.choice, count(*)
           FROM submission s
           JOIN unnest($5::text[], $6::text[]) AS f(version, key) ON f.version = s.instrument_version
          CROSS JOIN LATERAL jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(s.answers -> f.key) = 'array' THEN s.answers -> f.key ELSE '[]'::jsonb END) AS c(choice)
          WHERE s.instrument_key = $1 AND s.campaign_key = $2 AND s.status = 'COMPLETE'
          GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
        [
          target.instrumentKey,
          target.campaignKey,
          fields.singleVersions,
          fields.singleKeys,
          fields.multipleVersions,
          fields.multipleKeys,
        ],
      );
      await manager.query(
        `INSERT INTO aggregate_state (instrument_key, campaign_key, complete_submissions, partial_submissions, versions, computed_at, runs)
         SELECT $1, $2,
                count(*) FILTER (WHERE status = 'COMPLETE'),
                count(*) FILTER (WHERE status = 'DRAFT'),
                coalesce(array_agg(DISTINCT instrument_version) FILTER (WHERE status = 'COMPLETE'), '{}'),
                now(), 1
           FROM submission WHERE instrument_key = $1 AND campaign_key = $2
         ON CONFLICT (instrument_key, campaign_key) DO UPDATE SET
           complete_submissions = EXCLUDED.complete_submissions,
           partial_submissions = EXCLUDED.partial_submissions,
           versions = EXCLUDED.versions,
           computed_at = EXCLUDED.computed_at,
           runs = aggregate_state.runs + 1`,
        [target.instrumentKey, target.campaignKey],
      );
    });
  }

  private async precomputedFields(instrumentKey: string): Promise<PrecomputedFields> {
    const fields: PrecomputedFields = {
      singleVersions: [],
      singleKeys: [],
      multipleVersions: [],
      multipleKeys: [],
    };
    for (const version of await this.instruments.versions(instrumentKey)) {
      for (const field of version.definition.fields) {
        if (field.type === 'single-choice' || field.type === 'boolean') {
          fields.singleVersions.push(version.version);
          fields.singleKeys.push(field.key);
        } else if (field.type === 'multiple-choice') {
          fields.multipleVersions.push(version.version);
          fields.multipleKeys.push(field.key);
        }
      }
    }
    return fields;
  }
}
