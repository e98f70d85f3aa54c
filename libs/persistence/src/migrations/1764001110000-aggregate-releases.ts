import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Frozen releases of each instrument's data for partners (aggregate_release), the members of the
 * current release with their aggregatable answers (release_member, keyed by record key) and how
 * releases advance (release_policy). See docs/disclosure-control.md, "Releases".
 */
export class AggregateReleases1764001110000 implements MigrationInterface {
  name = 'AggregateReleases1764001110000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "aggregate_release" ("instrument_key" text NOT NULL, "number" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "trigger" text NOT NULL, "respondents" integer NOT NULL, "changes" integer NOT NULL, CONSTRAINT "aggregate_release_trigger_check" CHECK ("trigger" IN ('CHANGES', 'SCHEDULE', 'ADMIN')), CONSTRAINT "PK_16e30034ba85a498b99b5cf04d2" PRIMARY KEY ("instrument_key", "number"))`,
    );
    await queryRunner.query(
      'CREATE TABLE "release_member" ("instrument_key" text NOT NULL, "record_key" bigint NOT NULL, "release_number" integer NOT NULL, "campaign_key" text NOT NULL, "instrument_version" text NOT NULL, "phase_key" text, "respondent_role" text, "branch" text, "answers" jsonb NOT NULL, "derived" jsonb NOT NULL, CONSTRAINT "PK_142aebc006e76e6cf24a1762ca5" PRIMARY KEY ("instrument_key", "record_key"))',
    );
    await queryRunner.query(
      `CREATE TABLE "release_policy" ("instrument_key" text NOT NULL, "schedule" text, "minimum_interval_seconds" integer NOT NULL DEFAULT '60', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7c886899ea837ffd173c67fdfb7" PRIMARY KEY ("instrument_key"))`,
    );
    // What a release is compared with: the COMPLETE submissions of an instrument, by record key.
    await queryRunner.query(
      `CREATE INDEX "IDX_submission_release" ON "submission"  ("instrument_key", "record_key") WHERE status = 'COMPLETE'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_submission_release"');
    await queryRunner.query('DROP TABLE "release_policy"');
    await queryRunner.query('DROP TABLE "release_member"');
    await queryRunner.query('DROP TABLE "aggregate_release"');
  }
}
