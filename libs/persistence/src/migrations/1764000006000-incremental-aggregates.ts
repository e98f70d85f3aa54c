import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What incremental aggregation needs: the transaction that wrote each submission (so the rows
 * added since a computation are found through an index), the snapshot each computation saw, and
 * which outbox events only add submissions (applied as a delta) rather than change them.
 */
export class IncrementalAggregates1764000006000 implements MigrationInterface {
  name = 'IncrementalAggregates1764000006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // No default on existing rows (no table rewrite): NULL means "older than any computation".
    await queryRunner.query('ALTER TABLE "submission" ADD "written_xid" bigint');
    // txid_current(): pg_current_xact_id() as a bigint, which indexes and compares simply.
    await queryRunner.query(
      'ALTER TABLE "submission" ALTER COLUMN "written_xid" SET DEFAULT txid_current()',
    );
    await queryRunner.query('DROP INDEX "public"."IDX_submission_campaign_instrument"');
    await queryRunner.query(
      'CREATE INDEX "IDX_submission_campaign_instrument" ON "submission"  ("campaign_key", "instrument_key", "written_xid") ',
    );
    await queryRunner.query(
      'ALTER TABLE "outbox_event" ADD "additive" boolean NOT NULL DEFAULT false',
    );
    await queryRunner.query('ALTER TABLE "aggregate_state" ADD "snapshot" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "aggregate_state" DROP COLUMN "snapshot"');
    await queryRunner.query('ALTER TABLE "outbox_event" DROP COLUMN "additive"');
    await queryRunner.query('DROP INDEX "public"."IDX_submission_campaign_instrument"');
    await queryRunner.query(
      'CREATE INDEX "IDX_submission_campaign_instrument" ON "submission"  ("campaign_key", "instrument_key") ',
    );
    await queryRunner.query('ALTER TABLE "submission" DROP COLUMN "written_xid"');
  }
}
