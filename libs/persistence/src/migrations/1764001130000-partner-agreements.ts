import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agreements for issue 11: a PUBLIC level (open data, k = 11), k between 3 and 15 (the
 * perturbation tables and population sketches are built up to 15), and the least group size for
 * medians and quartiles (never below 10).
 */
export class PartnerAgreements1764001130000 implements MigrationInterface {
  name = 'PartnerAgreements1764001130000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "partner" ADD "quantile_minimum" integer NOT NULL DEFAULT '10'`,
    );
    await queryRunner.query(
      'ALTER TABLE "partner" ADD CONSTRAINT "partner_quantile_minimum_check" CHECK (quantile_minimum >= 10)',
    );
    await queryRunner.query('ALTER TABLE "partner" DROP CONSTRAINT "partner_level_check"');
    await queryRunner.query(
      `ALTER TABLE "partner" ADD CONSTRAINT "partner_level_check" CHECK (level IN ('AGGREGATES', 'MICRODATA', 'PUBLIC'))`,
    );
    // No agreement had a k above 15 when this was written; one would get the largest supported.
    await queryRunner.query('UPDATE "partner" SET k = 15 WHERE k > 15');
    await queryRunner.query('ALTER TABLE "partner" DROP CONSTRAINT "partner_k_check"');
    await queryRunner.query(
      'ALTER TABLE "partner" ADD CONSTRAINT "partner_k_check" CHECK (k >= 3 AND k <= 15)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "partner" DROP CONSTRAINT "partner_k_check"');
    await queryRunner.query(
      'ALTER TABLE "partner" ADD CONSTRAINT "partner_k_check" CHECK (k >= 3)',
    );
    await queryRunner.query(`DELETE FROM "partner" WHERE level = 'PUBLIC'`);
    await queryRunner.query('ALTER TABLE "partner" DROP CONSTRAINT "partner_level_check"');
    await queryRunner.query(
      `ALTER TABLE "partner" ADD CONSTRAINT "partner_level_check" CHECK (level IN ('AGGREGATES', 'MICRODATA'))`,
    );
    await queryRunner.query(
      'ALTER TABLE "partner" DROP CONSTRAINT "partner_quantile_minimum_check"',
    );
    await queryRunner.query('ALTER TABLE "partner" DROP COLUMN "quantile_minimum"');
  }
}
