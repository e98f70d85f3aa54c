import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-scrubbing stored free text (issue 13): each submission records the scrubber version that
 * scrubbed it (existing rows: version 1, the scrubber before issue 13), and each re-scrubbing run
 * its progress. Client ids become keyed hashes: existing rows are marked as not hashed yet, and the
 * application hashes them before it serves (the key is not known to SQL).
 */
export class ScrubberVersion1764001400000 implements MigrationInterface {
  name = 'ScrubberVersion1764001400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Constant defaults: no table rewrite. Existing rows were scrubbed by version 1; rows written
    // later without a version (by hand, by tools) count as scrubbed by version 2: the service
    // always writes the version it scrubbed with.
    await queryRunner.query(
      'ALTER TABLE "submission" ADD "scrubber_version" smallint NOT NULL DEFAULT 1',
    );
    await queryRunner.query(
      'ALTER TABLE "submission" ALTER COLUMN "scrubber_version" SET DEFAULT 2',
    );
    await queryRunner.query(
      'ALTER TABLE "submission" ADD "client_id_keyed" boolean NOT NULL DEFAULT false',
    );
    await queryRunner.query(
      `CREATE TABLE "scrubber_run" (
        "version" smallint NOT NULL,
        "status" text NOT NULL,
        "total" integer NOT NULL DEFAULT 0,
        "done" integer NOT NULL DEFAULT 0,
        "changed" integer NOT NULL DEFAULT 0,
        "redactions" integer NOT NULL DEFAULT 0,
        "error" text,
        "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "finished_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_scrubber_run" PRIMARY KEY ("version")
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "scrubber_run"');
    await queryRunner.query('ALTER TABLE "submission" DROP COLUMN "client_id_keyed"');
    await queryRunner.query('ALTER TABLE "submission" DROP COLUMN "scrubber_version"');
  }
}
