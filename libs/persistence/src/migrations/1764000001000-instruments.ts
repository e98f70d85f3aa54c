import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Instruments1764000001000 implements MigrationInterface {
  name = 'Instruments1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE instrument (
        key text PRIMARY KEY,
        kind text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE instrument_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        instrument_key text NOT NULL,
        version text NOT NULL,
        major integer NOT NULL,
        minor integer NOT NULL,
        patch integer NOT NULL,
        definition jsonb NOT NULL,
        checksum text NOT NULL,
        changelog text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'PUBLISHED'
          CONSTRAINT instrument_version_status_check CHECK (status IN ('PUBLISHED', 'RETIRED')),
        builtin boolean NOT NULL DEFAULT false,
        published_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_instrument_version_key_version" ON instrument_version (instrument_key, version)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE instrument_version`);
    await queryRunner.query(`DROP TABLE instrument`);
  }
}
