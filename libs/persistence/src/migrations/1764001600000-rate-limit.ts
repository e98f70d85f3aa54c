import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate-limit counters shared by every API replica when there is no Redis
 * (rate-limiter-flexible's PostgreSQL store, in the layout it expects). UNLOGGED: counters are
 * worth no WAL, and losing them in a crash only resets the windows.
 */
export class RateLimit1764001600000 implements MigrationInterface {
  name = 'RateLimit1764001600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE UNLOGGED TABLE "rate_limit" ("key" varchar(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "rate_limit"');
  }
}
