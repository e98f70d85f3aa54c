import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { derivedKey, RUNTIME, type Runtime } from '@observatory/config';

// Any constant: it only has to be the same for every process hashing this database's client ids.
const HASHING_LOCK = 7_236_420_232;
const BATCH = 1000;

/**
 * Client submission ids are stored as keyed hashes (HMAC-SHA256 with the service's
 * `client-submission-id` key), never as given: a front-end may put anything in them, an email
 * included. Retries still find their submission: the same id gives the same hash. Without the key
 * (kept out of the database), a hash cannot be tested against guessed ids.
 */
@Injectable()
export class ClientSubmissionIds implements OnApplicationBootstrap {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME) runtime: Runtime,
  ) {
    this.key = derivedKey(runtime.config, 'client-submission-id');
  }

  hash(clientSubmissionId: string): string {
    return createHmac('sha256', this.key).update(clientSubmissionId, 'utf8').digest('hex');
  }

  /** Before the process serves: rows stored before client ids were hashed get hashed. */
  async onApplicationBootstrap(): Promise<void> {
    await this.hashStoredIds();
  }

  /**
   * Hashes the client ids of rows written before they were hashed (`client_id_keyed` false), in
   * batches, under an advisory lock so that processes starting together do it once. Returns how
   * many were hashed.
   */
  async hashStoredIds(): Promise<number> {
    let hashed = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [HASHING_LOCK]);
        const rows: { id: string; client_submission_id: string }[] = await manager.query(
          `SELECT id, client_submission_id FROM submission
            WHERE NOT client_id_keyed AND client_submission_id IS NOT NULL
            LIMIT $1 FOR UPDATE`,
          [BATCH],
        );
        if (rows.length === 0) return 0;
        await manager.query(
          `UPDATE submission s SET client_submission_id = v.hash, client_id_keyed = true
             FROM unnest($1::uuid[], $2::text[]) AS v(id, hash) WHERE s.id = v.id`,
          [rows.map((row) => row.id), rows.map((row) => this.hash(row.client_submission_id))],
        );
        return rows.length;
      });
      hashed += count;
      if (count < BATCH) return hashed;
    }
  }
}
