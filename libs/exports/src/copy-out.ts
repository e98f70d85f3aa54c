/**
 * `COPY … TO STDOUT` through node-postgres, one callback per row. PostgreSQL sends each row of a
 * COPY as one message, as it produces them (no cursor round trips), so the database computes the
 * next rows while Node handles these. When the callback returns a promise (a full output file),
 * the socket is paused until it settles: TCP backpressure then pauses the server, and memory stays
 * flat whatever the size.
 */
import { Query, type PoolClient } from 'pg';

/** Handles one row (its bytes, the final newline included); a promise pauses reading until it settles. */
export type CopyRowHandler = (row: Buffer) => Promise<void> | void;

interface Pausable {
  pause(): void;
  resume(): void;
}

class CopyOutQuery extends Query {
  failure: unknown;
  /** Settles when every promise returned by the handler has. */
  blocked?: Promise<void>;
  private waiting = 0;

  constructor(
    text: string,
    private readonly onRow: CopyRowHandler,
    done: (error: Error | undefined) => void,
  ) {
    super(text, (error) => done(error ?? undefined));
  }

  /** Called by node-postgres for each CopyData message. */
  handleCopyData(message: { chunk: Buffer }, connection: { stream: Pausable }): void {
    if (this.failure !== undefined) return;
    let wait: Promise<void> | void;
    try {
      wait = this.onRow(message.chunk);
    } catch (error) {
      this.failure = error;
      return;
    }
    if (!wait) return;
    if (this.waiting === 0) connection.stream.pause();
    this.waiting += 1;
    const settled = wait.then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= error;
      },
    );
    this.blocked = Promise.all([this.blocked, settled]).then(() => undefined);
    void settled.then(() => {
      this.waiting -= 1;
      if (this.waiting === 0) connection.stream.resume();
    });
  }
}

/** Runs a `COPY … TO STDOUT` statement (text format), `onRow` called for each row in order. */
export function copyOut(client: PoolClient, sql: string, onRow: CopyRowHandler): Promise<void> {
  return new Promise((resolve, reject) => {
    const query: CopyOutQuery = new CopyOutQuery(sql, onRow, (error) => {
      void (query.blocked ?? Promise.resolve()).then(() => {
        const failure = error ?? query.failure;
        if (failure === undefined) resolve();
        else reject(failure instanceof Error ? failure : new Error(String(failure)));
      });
    });
    void client.query(query);
  });
}
