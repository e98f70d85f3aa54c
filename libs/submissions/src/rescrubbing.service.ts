import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  mergeRedactions,
  rescrubAnswers,
  SCRUBBER_VERSION,
  type Redaction,
} from '@observatory/anonymisation';
import type { InstrumentDefinition, JsonObject } from '@observatory/instrument-sdk';
import { InstrumentService } from '@observatory/instruments';
import { ScrubberRunEntity } from '@observatory/persistence';
import { QueueService } from '@observatory/queue';

export const RESCRUBBING_QUEUE = 'rescrubbing';
export const RESCRUB_JOB = 'rescrub';
const BATCH = 200;

/** What admins see of the scrubber: its version, what is left to scrub again, the current run. */
export interface ScrubberStatus {
  version: number;
  /** Submissions last scrubbed by an older version. */
  pending: number;
  run: ScrubberRunEntity | null;
}

export interface BatchOutcome {
  /** Submissions scrubbed again. */
  done: number;
  /** Of which the text changed. */
  changed: number;
  redactions: number;
  /** The last submission id of the batch (the next batch starts after it). */
  lastId: string | null;
}

interface StoredRow {
  id: string;
  instrument_key: string;
  instrument_version: string;
  answers: JsonObject;
  redactions: Redaction[];
}

/**
 * Scrubs stored free text again when the scrubber improves (its version changes): every
 * submission scrubbed by an older version, in batches, each batch in its own transaction, so a
 * run can stop anywhere and resume. Only the free text of the answers, the redaction report and
 * the version change: derived values, record keys, dates and the outbox are left alone (free text
 * is not aggregated), and no event is emitted.
 */
@Injectable()
export class RescrubbingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instruments: InstrumentService,
    private readonly queues: QueueService,
  ) {}

  async status(): Promise<ScrubberStatus> {
    const [{ pending }] = await this.dataSource.query<{ pending: number }[]>(
      'SELECT count(*)::int AS pending FROM submission WHERE scrubber_version < $1',
      [SCRUBBER_VERSION],
    );
    const run = await this.dataSource
      .getRepository(ScrubberRunEntity)
      .findOneBy({ version: SCRUBBER_VERSION });
    return { version: SCRUBBER_VERSION, pending, run };
  }

  /**
   * Starts (or restarts) re-scrubbing with the current version when stored text is older; a
   * run already going on is left to finish. Returns the status.
   */
  async start(): Promise<ScrubberStatus> {
    const current = await this.status();
    if (current.pending === 0) return current;
    if (current.run?.status !== 'RUNNING') {
      await this.dataSource.query(
        `INSERT INTO scrubber_run (version, status, total, done, changed, redactions, started_at)
         VALUES ($1, 'QUEUED', $2, 0, 0, 0, now())
         ON CONFLICT (version) DO UPDATE SET status = 'QUEUED', total = scrubber_run.done + $2,
           error = NULL, finished_at = NULL`,
        [SCRUBBER_VERSION, current.pending],
      );
    }
    // One job per start: two at once would share the rows (SKIP LOCKED), never scrub one twice.
    await this.queues.enqueue(
      RESCRUBBING_QUEUE,
      RESCRUB_JOB,
      { version: SCRUBBER_VERSION },
      { jobId: `rescrub-v${SCRUBBER_VERSION}-${Date.now()}`, attempts: 5 },
    );
    return this.status();
  }

  /** The whole run, batch after batch; `progress` gets the share done after each batch. */
  async run(progress: (share: number) => Promise<void> = async () => undefined): Promise<void> {
    await this.dataSource.query(
      `UPDATE scrubber_run SET status = 'RUNNING', error = NULL WHERE version = $1`,
      [SCRUBBER_VERSION],
    );
    let after: string | null = null;
    for (;;) {
      const batch = await this.rescrubBatch(after);
      if (batch.done > 0) {
        const [row] = await this.dataSource.query<{ done: number; total: number }[]>(
          `UPDATE scrubber_run SET done = done + $2, changed = changed + $3, redactions = redactions + $4
            WHERE version = $1 RETURNING done, total`,
          [SCRUBBER_VERSION, batch.done, batch.changed, batch.redactions],
        );
        if (row) await progress(row.total > 0 ? Math.min(1, row.done / row.total) : 1);
      }
      if (batch.lastId === null) break;
      after = batch.lastId;
    }
    await this.dataSource.query(
      `UPDATE scrubber_run SET status = 'COMPLETED', finished_at = now() WHERE version = $1`,
      [SCRUBBER_VERSION],
    );
  }

  async fail(error: unknown, final: boolean): Promise<void> {
    const message =
      error instanceof Error ? error.message.split('\n')[0].slice(0, 300) : 'rescrubbing failed';
    await this.dataSource.query(
      `UPDATE scrubber_run SET status = $2, error = $3 WHERE version = $1`,
      [SCRUBBER_VERSION, final ? 'FAILED' : 'QUEUED', message],
    );
  }

  /**
   * One batch: the next submissions (by id, after `after`) scrubbed by an older version, locked
   * (SKIP LOCKED: a submission being completed, or taken by another run, is left for later).
   */
  async rescrubBatch(after: string | null, size = BATCH): Promise<BatchOutcome> {
    const definitions = new Map<string, InstrumentDefinition | undefined>();
    return this.dataSource.transaction(async (manager) => {
      const rows: StoredRow[] = await manager.query(
        `SELECT id, instrument_key, instrument_version, answers, redactions FROM submission
          WHERE scrubber_version < $1 AND ($2::uuid IS NULL OR id > $2::uuid)
          ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [SCRUBBER_VERSION, after, size],
      );
      if (rows.length === 0) return { done: 0, changed: 0, redactions: 0, lastId: null };
      const updates: { id: string; answers: string | null; redactions: string | null }[] = [];
      let changed = 0;
      let redactions = 0;
      for (const row of rows) {
        const key = `${row.instrument_key}@${row.instrument_version}`;
        if (!definitions.has(key)) definitions.set(key, await this.definition(row));
        const definition = definitions.get(key);
        // A version no longer known (cannot happen: versions are immutable) keeps its text.
        const result = definition
          ? rescrubAnswers(definition, row.answers)
          : { answers: row.answers, redactions: [] };
        if (result.redactions.length === 0) {
          updates.push({ id: row.id, answers: null, redactions: null });
          continue;
        }
        changed++;
        redactions += result.redactions.reduce((sum, r) => sum + r.count, 0);
        updates.push({
          id: row.id,
          answers: JSON.stringify(result.answers),
          redactions: JSON.stringify(mergeRedactions(row.redactions ?? [], result.redactions)),
        });
      }
      await manager.query(
        `UPDATE submission s
            SET scrubber_version = $1,
                answers = COALESCE(v.answers::jsonb, s.answers),
                redactions = COALESCE(v.redactions::jsonb, s.redactions)
           FROM unnest($2::uuid[], $3::text[], $4::text[]) AS v(id, answers, redactions)
          WHERE s.id = v.id`,
        [
          SCRUBBER_VERSION,
          updates.map((update) => update.id),
          updates.map((update) => update.answers),
          updates.map((update) => update.redactions),
        ],
      );
      return { done: rows.length, changed, redactions, lastId: rows[rows.length - 1].id };
    });
  }

  private async definition(row: StoredRow): Promise<InstrumentDefinition | undefined> {
    const versions = await this.instruments.versions(row.instrument_key);
    return versions.find((version) => version.version === row.instrument_version)?.definition;
  }
}
