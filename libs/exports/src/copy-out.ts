/**
 * `COPY … TO STDOUT` (text format), one callback per row, through pg-copy-streams (the COPY
 * protocol read by a maintained library rather than by subclassing node-postgres internals).
 *
 * PostgreSQL sends the rows as it produces them (no cursor round trips), so the database computes
 * the next rows while Node handles these. The stream hands over chunks that may cut a row anywhere;
 * rows are split on `\n`, which in the text format only ends a row (a newline inside a value is
 * escaped as `\n`). When the callback returns a promise (a full output file), nothing more is read
 * until it settles: the stream's buffer fills, the socket is paused, TCP backpressure pauses the
 * server, and memory stays flat whatever the size.
 */
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** Handles one row (its bytes, the final newline included); a promise pauses reading until it settles. */
export type CopyRowHandler = (row: Buffer) => Promise<void> | void;

const NEWLINE = 0x0a;

/**
 * Runs a `COPY … TO STDOUT` statement (text format), `onRow` called for each row in order. If
 * `onRow` fails, the remaining rows are read and dropped (so the connection is ready for the next
 * statement, e.g. a ROLLBACK) and the promise rejects with that failure.
 */
export async function copyOut(
  client: PoolClient,
  sql: string,
  onRow: CopyRowHandler,
): Promise<void> {
  const stream = client.query(copyTo(sql));
  let failure: { error: unknown } | undefined;
  /** The start of a row cut by the end of the previous chunk. */
  let partial: Buffer | undefined;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (failure !== undefined) continue;
    let start = 0;
    try {
      let end = chunk.indexOf(NEWLINE);
      if (partial !== undefined && end !== -1) {
        // Copies only the row that spans two chunks, never the whole chunk.
        const row = Buffer.concat([partial, chunk.subarray(0, end + 1)]);
        partial = undefined;
        start = end + 1;
        const wait = onRow(row);
        if (wait) await wait;
        end = chunk.indexOf(NEWLINE, start);
      }
      while (end !== -1) {
        const wait = onRow(chunk.subarray(start, end + 1));
        start = end + 1;
        if (wait) await wait;
        end = chunk.indexOf(NEWLINE, start);
      }
    } catch (error) {
      failure = { error };
      continue;
    }
    if (start < chunk.length) {
      const tail = chunk.subarray(start);
      partial = partial === undefined ? tail : Buffer.concat([partial, tail]);
    }
  }
  if (failure !== undefined) {
    throw failure.error instanceof Error ? failure.error : new Error(String(failure.error));
  }
  if (partial !== undefined) {
    throw new Error('COPY TO STDOUT ended inside a row (is the statement in text format?)');
  }
}
