import type { PoolClient } from 'pg';
import { copyOut } from './copy-out';

/** A client that plays a COPY TO STDOUT the way node-postgres drives a submitted query. */
function fakeClient(rows: string[], failWith?: Error) {
  const stream = { paused: false, pauses: 0, resumed: () => {} };
  const connection = {
    stream: {
      pause: () => {
        stream.paused = true;
        stream.pauses += 1;
      },
      resume: () => {
        stream.paused = false;
        stream.resumed();
      },
    },
  };
  const client = {
    query(query: {
      text: string;
      handleCopyData(message: { chunk: Buffer }, connection: unknown): void;
      handleError(error: Error, connection: unknown): void;
      handleReadyForQuery(connection: unknown): void;
    }) {
      void (async () => {
        for (const row of rows) {
          // Like a socket: nothing more is read while it is paused.
          while (stream.paused) await new Promise<void>((resolve) => (stream.resumed = resolve));
          query.handleCopyData({ chunk: Buffer.from(`${row}\n`) }, connection);
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (failWith) query.handleError(failWith, connection);
        else query.handleReadyForQuery(connection);
      })();
      return query;
    },
  };
  return { client: client as unknown as PoolClient, stream };
}

describe('copyOut', () => {
  it('hands over each row in order, and pauses reading while a returned promise is pending', async () => {
    const rows = Array.from({ length: 20 }, (_, n) => `row ${n}\tx`);
    const { client, stream } = fakeClient(rows);
    const seen: string[] = [];
    let pending = 0;
    await copyOut(client, 'COPY (SELECT 1) TO STDOUT', (row) => {
      expect(stream.paused).toBe(false);
      seen.push(row.toString('utf8', 0, row.length - 1));
      if (seen.length % 5 !== 0) return undefined;
      pending += 1;
      return new Promise<void>((resolve) =>
        setTimeout(() => {
          pending -= 1;
          resolve();
        }, 5),
      );
    });
    expect(seen).toEqual(rows);
    expect(stream.pauses).toBe(4);
    expect(pending).toBe(0);
  });

  it('fails with the handler error, or the database error', async () => {
    const { client } = fakeClient(['a', 'b', 'c']);
    let calls = 0;
    await expect(
      copyOut(client, 'COPY', () => {
        calls += 1;
        throw new Error('bad row');
      }),
    ).rejects.toThrow('bad row');
    expect(calls).toBe(1);
    const broken = fakeClient(['a'], new Error('connection lost'));
    await expect(copyOut(broken.client, 'COPY', () => undefined)).rejects.toThrow(
      'connection lost',
    );
    const rejected = fakeClient(['a', 'b']);
    await expect(
      copyOut(rejected.client, 'COPY', () => Promise.reject(new Error('disk full'))),
    ).rejects.toThrow('disk full');
  });
});
