import { Client } from 'pg';
import { CONNECT_ATTEMPT_MS } from '@observatory/config';
import { DataSource } from 'typeorm';
import { guardDatabaseConnectionErrors } from './connection-errors';
import { dataSourceOptions } from './data-source-options';

// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK = 7_236_420_231;

/**
 * Applies pending migrations, each in its own transaction; returns the names applied. An advisory
 * lock makes concurrent starters (several api replicas, api and worker) wait for one another.
 */
export async function runMigrations(url: string): Promise<string[]> {
  guardDatabaseConnectionErrors();
  const lock = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_ATTEMPT_MS });
  await lock.connect();
  const dataSource = new DataSource(dataSourceOptions(url));
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await lock.end();
  }
}
