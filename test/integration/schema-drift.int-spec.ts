import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@observatory/persistence';
import { createTestDatabase } from '../support/test-database';

describe('migrations', () => {
  it('create exactly the schema the entities describe (nothing left to generate)', async () => {
    const dataSource = new DataSource(dataSourceOptions(await createTestDatabase('drift')));
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
