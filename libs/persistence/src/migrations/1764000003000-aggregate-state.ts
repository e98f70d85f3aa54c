import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AggregateState1764000003000 implements MigrationInterface {
  name = 'AggregateState1764000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "aggregate_state" ("instrument_key" text NOT NULL, "campaign_key" text NOT NULL, "complete_submissions" integer NOT NULL, "partial_submissions" integer NOT NULL, "versions" text array NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8437266a35e889c137e570f6946" PRIMARY KEY ("instrument_key", "campaign_key"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "aggregate_state"');
  }
}
