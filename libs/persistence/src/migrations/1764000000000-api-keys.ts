import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeys1764000000000 implements MigrationInterface {
  name = 'ApiKeys1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL CONSTRAINT api_key_role_check CHECK (role IN ('ADMIN', 'COLLECTOR', 'PARTNER')),
        secret_hash text NOT NULL,
        prefix text NOT NULL,
        scope jsonb NOT NULL DEFAULT '{}',
        bootstrap boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_api_key_secret_hash" ON api_key (secret_hash)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_key`);
  }
}
