import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface RecomputeTarget {
  instrumentKey: string;
  campaignKey: string;
}

/**
 * Recomputes what is known of one (instrument, campaign) from its stored submissions, in one SQL
 * statement. Drafts are counted apart (partial responses) and never enter the figures.
 */
@Injectable()
export class AggregateStateService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async recompute(target: RecomputeTarget): Promise<void> {
    await this.dataSource.query(
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
  }
}
