import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/** The node-postgres pool behind TypeORM's PostgreSQL driver. */
export function driverPool(dataSource: DataSource): Pool & { _clients?: PoolClient[] } {
  return (dataSource.driver as unknown as { master: Pool & { _clients?: PoolClient[] } }).master;
}

/**
 * Runs one statement as a named prepared statement, straight on the driver's pool: PostgreSQL
 * parses and plans it once per connection instead of on every call. For the statements every
 * request runs (authentication, submission context, submission insert); not inside a transaction.
 */
export async function preparedQuery<Row>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const result = await driverPool(dataSource).query({ name, text, values });
  return result.rows as Row[];
}
