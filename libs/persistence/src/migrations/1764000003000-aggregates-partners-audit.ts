import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AggregatesPartnersAudit1764000003000 implements MigrationInterface {
  name = 'AggregatesPartnersAudit1764000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "aggregate_cell" ("id" BIGSERIAL NOT NULL, "instrument_key" text NOT NULL, "campaign_key" text NOT NULL, "instrument_version" text NOT NULL, "phase_key" text, "respondent_role" text, "branch" text, "field_key" text NOT NULL, "value" text, "count" integer NOT NULL, CONSTRAINT "PK_75769aa076a661ea4d0207458a2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_aggregate_cell_lookup" ON "aggregate_cell"  ("instrument_key", "campaign_key", "field_key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "aggregate_state" ("instrument_key" text NOT NULL, "campaign_key" text NOT NULL, "complete_submissions" integer NOT NULL, "partial_submissions" integer NOT NULL, "versions" text array NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "runs" integer NOT NULL DEFAULT \'0\', CONSTRAINT "PK_8437266a35e889c137e570f6946" PRIMARY KEY ("instrument_key", "campaign_key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "api_key_id" uuid NOT NULL, "role" text NOT NULL, "partner_key" text, "action" text NOT NULL, "request" jsonb NOT NULL, "suppressed_cells" integer NOT NULL DEFAULT \'0\', "outcome" text NOT NULL DEFAULT \'ANSWERED\', CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_audit_event_at" ON "audit_event"  ("at") ');
    await queryRunner.query(
      'CREATE TABLE "partner" ("key" text NOT NULL, "name" text NOT NULL, "level" text NOT NULL, "k" integer NOT NULL DEFAULT \'5\', "instrument_keys" text array NOT NULL, "campaign_keys" text array NOT NULL, "delivery" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "partner_level_check" CHECK (level IN (\'AGGREGATES\', \'MICRODATA\')), CONSTRAINT "partner_k_check" CHECK (k >= 3), CONSTRAINT "PK_3a1e7f8998d8ebf65334ee8f965" PRIMARY KEY ("key"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "partner"');
    await queryRunner.query('DROP INDEX "public"."IDX_audit_event_at"');
    await queryRunner.query('DROP TABLE "audit_event"');
    await queryRunner.query('DROP TABLE "aggregate_state"');
    await queryRunner.query('DROP INDEX "public"."IDX_aggregate_cell_lookup"');
    await queryRunner.query('DROP TABLE "aggregate_cell"');
  }
}
