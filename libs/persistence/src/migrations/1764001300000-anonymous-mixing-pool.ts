import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unlinkable skills test (docs/submissions.md): keyed token hashes with an expiry, a pool
 * where sealed anonymous answers wait to be mixed, and no table of redeemed tokens.
 *
 * Tokens issued before this migration were stored as plain SHA-256 hashes, which whoever holds
 * the issued list can recompute: they are deleted and must be issued again. The anonymous answers
 * already stored were written in the same transaction as their token's redemption; they are
 * rewritten here in one transaction, in random order, so that their `xmin` and `ctid` no longer
 * follow the order of redemption.
 */
export class AnonymousMixingPool1764001300000 implements MigrationInterface {
  name = 'AnonymousMixingPool1764001300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM "anonymous_token"');
    await queryRunner.query(
      'ALTER TABLE "anonymous_token" ADD "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "anonymous_token" ADD "spent" boolean NOT NULL DEFAULT false',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_anonymous_token_target" ON "anonymous_token" ("campaign_key", "instrument_key") ',
    );
    await queryRunner.query('DROP TABLE "redeemed_anonymous_token"');
    await queryRunner.query(
      'CREATE TABLE "anonymous_answer_pool" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_key" text NOT NULL, "instrument_key" text NOT NULL, "phase_key" text, "instrument_version" text NOT NULL, "sealed" bytea NOT NULL, CONSTRAINT "PK_anonymous_answer_pool" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_anonymous_answer_pool_target" ON "anonymous_answer_pool" ("campaign_key", "instrument_key") ',
    );
    await queryRunner.query(
      'CREATE TEMPORARY TABLE "anonymous_rewrite" ON COMMIT DROP AS SELECT * FROM "submission" WHERE "anonymous"',
    );
    await queryRunner.query('DELETE FROM "submission" WHERE "anonymous"');
    await queryRunner.query(
      'INSERT INTO "submission" SELECT * FROM "anonymous_rewrite" ORDER BY random()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_anonymous_answer_pool_target"');
    await queryRunner.query('DROP TABLE "anonymous_answer_pool"');
    await queryRunner.query(
      'CREATE TABLE "redeemed_anonymous_token" ("token_hash" text NOT NULL, "campaign_key" text NOT NULL, "instrument_key" text NOT NULL, CONSTRAINT "PK_3bf9ccf599838a93bf45097d54e" PRIMARY KEY ("token_hash"))',
    );
    await queryRunner.query('DROP INDEX "public"."IDX_anonymous_token_target"');
    await queryRunner.query('ALTER TABLE "anonymous_token" DROP COLUMN "spent"');
    await queryRunner.query('ALTER TABLE "anonymous_token" DROP COLUMN "expires_at"');
  }
}
