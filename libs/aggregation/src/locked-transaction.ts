import type { DataSource, EntityManager } from 'typeorm';

/**
 * One REPEATABLE READ transaction holding a session-level advisory lock, taken before the
 * transaction begins so that its snapshot includes whatever the holder it waited for committed.
 * What refreshes the aggregate tables and what publishes a release both need it.
 */
export async function lockedTransaction<T>(
  dataSource: DataSource,
  lock: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
    try {
      await runner.startTransaction('REPEATABLE READ');
      try {
        const result = await work(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Reads the rows of `sql` in batches through a cursor (so memory stays flat) and hands each batch
 * to `handle`, inside `manager`'s transaction. A cursor sees the transaction's snapshot as of its
 * declaration: rows the handler writes are not read back.
 */
export async function inBatches<Row>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
  size: number,
  handle: (rows: Row[]) => Promise<void> | void,
): Promise<void> {
  await manager.query(`DECLARE batch_cursor NO SCROLL CURSOR FOR ${sql}`, params);
  for (;;) {
    const rows: Row[] = await manager.query(`FETCH ${size} FROM batch_cursor`);
    if (rows.length === 0) break;
    await handle(rows);
  }
  await manager.query('CLOSE batch_cursor');
}
