import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxTargets1764000005000 implements MigrationInterface {
  name = 'OutboxTargets1764000005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "outbox_event" ADD "instrument_key" text');
    await queryRunner.query('ALTER TABLE "outbox_event" ADD "campaign_key" text');
    await queryRunner.query(
      'CREATE INDEX "IDX_outbox_event_target" ON "outbox_event"  ("instrument_key", "campaign_key", "sent_at") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_outbox_event_target"');
    await queryRunner.query('ALTER TABLE "outbox_event" DROP COLUMN "campaign_key"');
    await queryRunner.query('ALTER TABLE "outbox_event" DROP COLUMN "instrument_key"');
  }
}
