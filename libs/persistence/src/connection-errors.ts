import { Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { driverPool } from './prepared-query';

const logger = new Logger('Database');

/**
 * A connection the server terminates (restart, failover) while it is checked out of the pool and
 * between two queries emits an `error` event that nobody listens to, which would crash the process.
 * The pool listens only to idle connections; this listens to every connection, always. The next
 * query on that connection fails cleanly and the pool discards it when it is released.
 */
export function survivePoolConnectionErrors(dataSource: DataSource): void {
  const pool = driverPool(dataSource);
  const listen = (client: PoolClient): void => {
    client.on('error', (error: Error & { code?: string }) =>
      logger.warn(`a database connection was lost: ${error.code ?? error.name}`),
    );
  };
  for (const client of pool._clients ?? []) listen(client);
  pool.on('connect', listen);
}
