import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

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
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const result = await pool.query({ name, text, values });
  return result.rows as Row[];
}
