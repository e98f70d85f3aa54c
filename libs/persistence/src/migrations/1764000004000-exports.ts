import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Exports1764000004000 implements MigrationInterface {
  name = 'Exports1764000004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "export_job" ("id" uuid NOT NULL, "requested_by" uuid, "partner_key" text, "instrument_key" text NOT NULL, "versions" text array NOT NULL, "campaign_key" text, "level" text NOT NULL, "format" text NOT NULL, "delivery" jsonb NOT NULL, "status" text NOT NULL, "progress" double precision NOT NULL DEFAULT \'0\', "row_count" integer, "files" jsonb NOT NULL DEFAULT \'[]\', "error" text, "attempts" integer NOT NULL DEFAULT \'0\', "scheduled" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "export_job_status_check" CHECK (status IN (\'QUEUED\', \'RUNNING\', \'COMPLETED\', \'FAILED\')), CONSTRAINT "PK_2edcb6f1780d22e5a9f2f29f466" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_export_job_partner" ON "export_job"  ("partner_key") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_export_job_partner"');
    await queryRunner.query('DROP TABLE "export_job"');
  }
}
