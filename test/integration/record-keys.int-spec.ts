/**
 * Record keys (the input of the cell-key method): every submission row gets one from the
 * database, whatever inserts it, including the rows that existed before the column did.
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS, runMigrations } from '@observatory/persistence';
import { RecordKeys1764001100000 } from '../../libs/persistence/src/migrations/1764001100000-record-keys';
import { createTestDatabase } from '../support/test-database';

const INSERT = `INSERT INTO submission (id, instrument_key, instrument_version, campaign_key, status, answers, submitted_on)
  SELECT gen_random_uuid(), 'i', '1.0.0', 'c', 'COMPLETE', '{}'::jsonb, CURRENT_DATE FROM generate_series(1, $1)`;

describe('record keys', () => {
  it('are given to the rows that existed before the migration, and to every new row', async () => {
    const url = await createTestDatabase('rk', { migrate: false });
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(RecordKeys1764001100000));
    const early = new DataSource({ ...dataSourceOptions(url), migrations: before });
    await early.initialize();
    await early.runMigrations({ transaction: 'each' });
    await early.query(INSERT, [500]);
    await early.destroy();

    await runMigrations(url);
    const db = new DataSource(dataSourceOptions(url));
    await db.initialize();
    try {
      // An insert that names no record key (as every insert path of the service does).
      await db.query(INSERT, [1500]);
      const [stats] =
        await db.query(`SELECT count(*)::int AS rows, count(DISTINCT record_key)::int AS keys,
          count(*) FILTER (WHERE record_key IS NULL OR record_key < 0)::int AS bad,
          avg(((record_key >> 62) & 1))::float AS top_bit,
          avg((record_key & 1))::float AS low_bit,
          avg(((record_key >> 31) & 1))::float AS middle_bit
        FROM submission`);
      expect(stats).toMatchObject({ rows: 2000, keys: 2000, bad: 0 });
      // 63 random bits: each bit is set about half the time (±5 standard deviations at n = 2000).
      for (const bit of [stats.top_bit, stats.low_bit, stats.middle_bit]) {
        expect(Math.abs(bit - 0.5)).toBeLessThan(0.06);
      }
    } finally {
      await db.destroy();
    }
  });
});
