import { Logger } from '@nestjs/common';
import { Client } from 'pg';

const logger = new Logger('Database');
const GUARDED = Symbol.for('observatory.pg-connection-error-guard');

type Connect = (this: Client, ...args: unknown[]) => unknown;

/**
 * A pg client whose server goes away (restart, failover, `pg_terminate_backend`) while no query
 * runs on it emits `error`; with no listener, Node throws that event and the process dies. Pools
 * listen only to idle clients, and BullMQ's PostgreSQL backend listens to its LISTEN client only
 * once `connect()` has resolved: a server stopping just then (ReadyForQuery and the FATAL in one
 * read) crashed the API. So every client of the process, whoever creates it, listens from before
 * it connects. The event only needs logging: the next query on that client fails cleanly and its
 * owner discards it. Installing twice is harmless.
 */
export function guardDatabaseConnectionErrors(): void {
  const prototype = Client.prototype as unknown as { connect: Connect; [GUARDED]?: true };
  if (prototype[GUARDED]) return;
  const connect = prototype.connect;
  prototype.connect = function guardedConnect(this: Client, ...args: unknown[]) {
    this.on('error', logLostConnection);
    return connect.apply(this, args);
  };
  prototype[GUARDED] = true;
}

function logLostConnection(error: Error & { code?: string }): void {
  logger.warn(`a database connection was lost: ${error.code ?? error.name}`);
}
