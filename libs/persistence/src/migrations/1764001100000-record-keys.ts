import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A permanent random record key per submission, the input of the cell-key method (see
 * docs/disclosure-control.md). Drawn by the database at insert from gen_random_uuid(), which reads
 * PostgreSQL's strong random source, so every insert path gets one without code; existing rows
 * get theirs here (a volatile default is evaluated per row). 63 random bits: 32 from the first
 * group of the UUID, 32 from the random part after its variant digit, the sign bit cleared.
 */
export class RecordKeys1764001100000 implements MigrationInterface {
  name = 'RecordKeys1764001100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION random_record_key() RETURNS bigint
      LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT (('x' || substr(h, 1, 8) || substr(h, 18, 8))::bit(64)::bigint) & 9223372036854775807
          FROM (SELECT replace(gen_random_uuid()::text, '-', '') AS h) AS u
      $$`);
    await queryRunner.query(
      'ALTER TABLE "submission" ADD "record_key" bigint NOT NULL DEFAULT random_record_key()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "submission" DROP COLUMN "record_key"');
    await queryRunner.query('DROP FUNCTION random_record_key()');
  }
}
