import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The populations answered to partners, as sketches (see docs/disclosure-control.md, "Trackers"). */
export class PopulationMemory1764001120000 implements MigrationInterface {
  name = 'PopulationMemory1764001120000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "population_memory" ("id" BIGSERIAL NOT NULL, "instrument_key" text NOT NULL, "partner_key" text NOT NULL, "k" integer NOT NULL, "release_number" integer NOT NULL, "definition" text NOT NULL, "size" integer NOT NULL, "sketch" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_68b7cbe50c6a63443b6cdb01e79" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_population_memory_instrument" ON "population_memory"  ("instrument_key", "id") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_population_memory_instrument"');
    await queryRunner.query('DROP TABLE "population_memory"');
  }
}
