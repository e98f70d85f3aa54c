import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { quoteInput } from '@observatory/anonymisation';
import { notFound } from '@observatory/errors';
import { recordOutboxEvent, SUBMISSIONS_CHANGED } from './outbox';

export interface ErasureReport {
  participantCode: string;
  submissionsDeleted: number;
  pairsDeleted: number;
  /** Always a statement, never a count: anonymous submissions cannot be traced to anyone. */
  anonymousSubmissions: string;
}

/**
 * Erases a participant on request: their own submissions, those of their pair (notes about the
 * pair name them through the pair), the pair and the participant. Aggregates are recomputed
 * through the outbox. Anonymous skills-test submissions cannot be found, by design.
 */
@Injectable()
export class ParticipantErasureService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  erase(campaignKey: string, participantCode: string): Promise<ErasureReport> {
    return this.dataSource.transaction(async (manager) => {
      const [participant]: { id: string }[] = await manager.query(
        'SELECT id FROM participant WHERE campaign_key = $1 AND code = $2 FOR UPDATE',
        [campaignKey, participantCode],
      );
      if (!participant)
        throw notFound(
          `Campaign ${quoteInput(campaignKey)} has no participant ${quoteInput(participantCode)}`,
        );
      const pairs: { id: string }[] = await manager.query(
        'SELECT id FROM pair WHERE campaign_key = $1 AND (mediator_id = $2 OR professional_id = $2)',
        [campaignKey, participant.id],
      );
      const pairIds = pairs.map((pair) => pair.id);
      // A CTE, because TypeORM returns [rows, count] for a bare DELETE … RETURNING.
      const deleted: { instrument_key: string }[] = await manager.query(
        `WITH gone AS (
           DELETE FROM submission WHERE campaign_key = $1 AND (participant_id = $2 OR pair_id = ANY($3::uuid[]))
           RETURNING instrument_key
         ) SELECT instrument_key FROM gone`,
        [campaignKey, participant.id, pairIds],
      );
      await manager.query('DELETE FROM pair WHERE id = ANY($1::uuid[])', [pairIds]);
      await manager.query('DELETE FROM participant WHERE id = $1', [participant.id]);
      for (const instrumentKey of new Set(deleted.map((row) => row.instrument_key))) {
        await recordOutboxEvent(manager, {
          topic: SUBMISSIONS_CHANGED,
          payload: { instrumentKey, campaignKey },
        });
      }
      return {
        participantCode,
        submissionsDeleted: deleted.length,
        pairsDeleted: pairIds.length,
        anonymousSubmissions:
          'Anonymous skills-test submissions are not linked to anyone and cannot be found or erased by participant',
      };
    });
  }
}
