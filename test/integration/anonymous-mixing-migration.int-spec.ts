/**
 * The migration to the mixing pool on a database that has tokens and anonymous answers of the
 * earlier design: the unkeyed tokens are dropped (they must be issued again), the answers are all
 * kept, rewritten in one transaction so that their xmin no longer follows their redemption.
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@observatory/persistence';
import { AnonymousMixingPool1764001300000 } from '../../libs/persistence/src/migrations/1764001300000-anonymous-mixing-pool';
import { createTestDatabase } from '../support/test-database';

describe('the migration to the mixing pool', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(await createTestDatabase('mig')));
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  it('drops unkeyed tokens and rewrites the stored anonymous answers in one transaction', async () => {
    const migration = new AnonymousMixingPool1764001300000();
    const runner = dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      // The earlier design: each answer written with its token's redemption.
      for (let i = 0; i < 8; i++) {
        await runner.query(
          `INSERT INTO anonymous_token (token_hash, campaign_key, instrument_key, issued_on)
           VALUES ($1, 'c', 'techess-pic-test', CURRENT_DATE)`,
          [`unused-${i}`],
        );
        await runner.startTransaction();
        await runner.query(
          `INSERT INTO redeemed_anonymous_token (token_hash, campaign_key, instrument_key) VALUES ($1, 'c', 'techess-pic-test')`,
          [`used-${i}`],
        );
        await runner.query(
          `INSERT INTO submission (id, instrument_key, instrument_version, campaign_key, status, anonymous, answers, submitted_on)
           VALUES (gen_random_uuid(), 'techess-pic-test', '1.0.0', 'c', 'COMPLETE', true, $1, CURRENT_DATE)`,
          [JSON.stringify({ item01: String(i) })],
        );
        await runner.commitTransaction();
      }
      await runner.query(
        `INSERT INTO submission (id, instrument_key, instrument_version, campaign_key, status, anonymous, answers, submitted_on)
         VALUES (gen_random_uuid(), 'microobs-mediators', '1.0.0', 'c', 'COMPLETE', false, '{}', CURRENT_DATE)`,
      );
      const named = await runner.query(
        `SELECT xmin::text AS x FROM submission WHERE NOT anonymous`,
      );

      await runner.startTransaction();
      await migration.up(runner);
      await runner.commitTransaction();

      expect(await runner.query(`SELECT count(*)::int AS n FROM anonymous_token`)).toEqual([
        { n: 0 },
      ]);
      const answers: { x: string; item: string }[] = await runner.query(
        `SELECT xmin::text AS x, answers->>'item01' AS item FROM submission WHERE anonymous`,
      );
      expect(answers.map((row) => row.item).sort()).toEqual([
        '0',
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
      ]);
      expect(new Set(answers.map((row) => row.x)).size).toBe(1);
      // Named submissions are left as they were.
      expect(
        await runner.query(`SELECT xmin::text AS x FROM submission WHERE NOT anonymous`),
      ).toEqual(named);
      const tables: { table_name: string }[] = await runner.query(
        `SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%anonymous%' ORDER BY 1`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(['anonymous_answer_pool', 'anonymous_token']);
    } finally {
      await runner.release();
    }
  });
});
