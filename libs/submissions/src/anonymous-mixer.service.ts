import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { derivedKey, RUNTIME, type Runtime } from '@observatory/config';
import { answersToStore, effectiveBatchSize, poolLock, shuffle } from './mixing-plan';
import { recordOutboxEvent, SUBMISSIONS_CHANGED } from './outbox';
import {
  openAnswer,
  POOL_KEY_PURPOSE,
  sealAnswer,
  type PoolAddress,
  type PooledAnswer,
} from './sealed-answer';

interface PoolRow {
  id: string;
  sealed: Buffer;
}

interface PoolState {
  /** The k of the strictest agreement covering the campaign and instrument, if any. */
  k: number | null;
  /** Nothing more can join: the phase has closed, or no token of the pool can still be used. */
  final: boolean;
}

/**
 * The mixing job: moves pooled anonymous answers into `submission` in batches (see
 * `answersToStore` for when and how many). Each batch is one transaction that inserts the answers
 * in random order, deletes every pooled row it read, puts back the answers that wait on, resealed
 * and in random order, deletes the tokens spent so far, and writes one outbox event. So the
 * answers of a batch share their `xmin`, their `written_xid`, their day, their outbox row and
 * their aggregation job, their ids are random and their physical order is a random permutation:
 * nothing stored tells which of them came first, or with which token.
 */
@Injectable()
export class AnonymousMixer {
  private readonly logger = new Logger(AnonymousMixer.name);
  private readonly poolKey: Buffer;
  private readonly batchSize: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME) runtime: Runtime,
  ) {
    this.poolKey = derivedKey(runtime.config, POOL_KEY_PURPOSE);
    this.batchSize = runtime.config.anonymousBatchSize;
  }

  /** One pass over every pool: the sizes of the batches stored. */
  async mixDue(): Promise<number[]> {
    const pools: PoolAddress[] = await this.dataSource.query(
      `SELECT DISTINCT campaign_key AS "campaignKey", instrument_key AS "instrumentKey",
              phase_key AS "phaseKey", instrument_version AS "version"
         FROM anonymous_answer_pool`,
    );
    const stored: number[] = [];
    let failed: Error | undefined;
    for (const pool of pools) {
      try {
        const size = await this.mix(pool);
        if (size > 0) stored.push(size);
      } catch (error) {
        // The answers stay in the pool (nothing of the batch was written); other pools go on.
        failed = error as Error;
        this.logger.error(
          `could not mix the anonymous answers of ${pool.instrumentKey} in ${pool.campaignKey}: ${failed.name}`,
        );
      }
    }
    if (failed) throw failed;
    return stored;
  }

  /** Stores one batch of the pool if one is due; its size, or 0. */
  private mix(pool: PoolAddress): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // Exclusive: no token is spent into this pool while it is read and emptied.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [poolLock(pool)]);
      const state = await this.state(manager, pool);
      const rows: PoolRow[] = await manager.query(
        `SELECT id, sealed FROM anonymous_answer_pool
          WHERE campaign_key = $1 AND instrument_key = $2 AND phase_key IS NOT DISTINCT FROM $3
            AND instrument_version = $4
          FOR UPDATE`,
        [pool.campaignKey, pool.instrumentKey, pool.phaseKey, pool.version],
      );
      const count = answersToStore(
        rows.length,
        effectiveBatchSize(this.batchSize, state.k),
        state.final,
      );
      if (count === 0) return 0;
      const answers = shuffle(rows.map((row) => openAnswer(this.poolKey, pool, row.sealed)));
      await this.store(manager, pool, answers.slice(0, count));
      await manager.query(`DELETE FROM anonymous_answer_pool WHERE id = ANY($1::uuid[])`, [
        rows.map((row) => row.id),
      ]);
      const waiting = answers.slice(count);
      if (waiting.length > 0) {
        await manager.query(
          `INSERT INTO anonymous_answer_pool (campaign_key, instrument_key, phase_key, instrument_version, sealed)
           SELECT $1, $2, $3, $4, s FROM unnest($5::bytea[]) WITH ORDINALITY AS t(s, n) ORDER BY n`,
          [
            pool.campaignKey,
            pool.instrumentKey,
            pool.phaseKey,
            pool.version,
            waiting.map((answer) => sealAnswer(this.poolKey, pool, answer)),
          ],
        );
      }
      // Spent tokens are of no use once their answers are pooled: deleted, they are refused like
      // unknown ones, and no table keeps which tokens were used, or when.
      await manager.query(
        `DELETE FROM anonymous_token WHERE campaign_key = $1 AND instrument_key = $2 AND spent`,
        [pool.campaignKey, pool.instrumentKey],
      );
      // Additive: the batch only adds COMPLETE submissions, found by their shared written_xid.
      await recordOutboxEvent(manager, {
        topic: SUBMISSIONS_CHANGED,
        payload: { instrumentKey: pool.instrumentKey, campaignKey: pool.campaignKey },
        additive: true,
      });
      this.logger.log(
        `stored a batch of ${count} anonymous answers of ${pool.instrumentKey} in ${pool.campaignKey}`,
      );
      return count;
    });
  }

  /** In the given order, in one statement; ids, days and defaults shared by the whole batch. */
  private async store(
    manager: EntityManager,
    pool: PoolAddress,
    answers: PooledAnswer[],
  ): Promise<void> {
    await manager.query(
      // Only what an anonymous answer has: no key, client id, request hash, pair, participant or
      // exact time (those columns stay NULL).
      `INSERT INTO submission (id, instrument_key, instrument_version, campaign_key, phase_key,
         respondent_role, branch, status, anonymous, answers, derived, redactions, scrubber_version,
         submitted_on)
       SELECT (a->>'id')::uuid, $2, $3, $4, $5, a->>'respondentRole', a->>'branch', 'COMPLETE',
              true, a->'answers', a->'derived', a->'redactions',
              -- Unknown: the oldest, so that the re-scrubbing job looks at it again.
              COALESCE((a->>'scrubberVersion')::int, 1), CURRENT_DATE
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(a, n)
        ORDER BY n`,
      [JSON.stringify(answers), pool.instrumentKey, pool.version, pool.campaignKey, pool.phaseKey],
    );
  }

  private async state(manager: EntityManager, pool: PoolAddress): Promise<PoolState> {
    const [row]: { k: number | null; phase_closed: boolean; no_token_left: boolean }[] =
      await manager.query(
        `SELECT
           (SELECT max(k) FROM partner
             WHERE $1 = ANY(campaign_keys) AND $2 = ANY(instrument_keys)) AS k,
           EXISTS (SELECT 1 FROM campaign_phase p
                    WHERE p.campaign_key = $1 AND p.key = $3
                      AND p.closes_at < clock_timestamp()) AS phase_closed,
           NOT EXISTS (SELECT 1 FROM anonymous_token t
                        WHERE t.campaign_key = $1 AND t.instrument_key = $2
                          AND NOT t.spent AND t.expires_at > clock_timestamp()) AS no_token_left`,
        [pool.campaignKey, pool.instrumentKey, pool.phaseKey],
      );
    return { k: row.k, final: row.phase_closed || row.no_token_left };
  }
}
