/**
 * `copyOut` against a real PostgreSQL: rows whole and in order whatever the chunking (rows longer
 * than a socket read, multi-byte characters cut between chunks), reading paused while the handler
 * works, and a failure (of the handler or of the statement) that leaves the connection usable.
 */
import { Pool, type PoolClient } from 'pg';
import { copyOut } from '../../libs/exports/src/copy-out';
import { testPostgresUrl } from '../support/test-database';

let pool: Pool;
let client: PoolClient;

beforeAll(async () => {
  pool = new Pool({ connectionString: testPostgresUrl(), max: 1 });
  client = await pool.connect();
});

afterAll(async () => {
  client.release();
  await pool.end();
});

async function rowsOf(sql: string): Promise<string[]> {
  const rows: string[] = [];
  await copyOut(client, sql, (row) => {
    expect(row[row.length - 1]).toBe(0x0a);
    rows.push(row.toString('utf8', 0, row.length - 1));
  });
  return rows;
}

describe('copyOut', () => {
  it('hands over every row, in order, without its final newline', async () => {
    const rows = await rowsOf(
      `COPY (SELECT n, 'row ' || n FROM generate_series(1, 20000) AS n ORDER BY n) TO STDOUT`,
    );
    expect(rows).toHaveLength(20000);
    expect(rows[0]).toBe('1\trow 1');
    expect(rows[19999]).toBe('20000\trow 20000');
    expect(rows.every((row, i) => row === `${i + 1}\trow ${i + 1}`)).toBe(true);
  });

  it('joins rows cut between chunks, multi-byte characters and escaped newlines included', async () => {
    // Rows of 1 to 200 kB of "é" (two bytes each): most of them span several socket reads.
    const rows = await rowsOf(
      `COPY (SELECT n, repeat('é', n * 1000) || E'\\nfin' FROM generate_series(1, 100) AS n ORDER BY n) TO STDOUT`,
    );
    expect(rows).toHaveLength(100);
    rows.forEach((row, i) => {
      expect(row).toBe(`${i + 1}\t${'é'.repeat((i + 1) * 1000)}\\nfin`);
    });
  });

  it('reads nothing more while a returned promise is pending', async () => {
    let pending = 0;
    let rows = 0;
    await copyOut(
      client,
      `COPY (SELECT n FROM generate_series(1, 5000) AS n) TO STDOUT`,
      (): Promise<void> | undefined => {
        expect(pending).toBe(0);
        rows += 1;
        if (rows % 100 !== 0) return undefined;
        pending += 1;
        return new Promise((resolve) =>
          setTimeout(() => {
            pending -= 1;
            resolve();
          }, 2),
        );
      },
    );
    expect(rows).toBe(5000);
  });

  it('fails with the handler error, stops calling it, and leaves the connection usable', async () => {
    let calls = 0;
    await expect(
      copyOut(client, `COPY (SELECT n FROM generate_series(1, 50000) AS n) TO STDOUT`, () => {
        calls += 1;
        if (calls === 3) throw new Error('bad row');
      }),
    ).rejects.toThrow('bad row');
    expect(calls).toBe(3);
    await expect(
      copyOut(client, `COPY (SELECT 1) TO STDOUT`, () => Promise.reject(new Error('disk full'))),
    ).rejects.toThrow('disk full');
    expect((await client.query('SELECT 41 + 1 AS answer')).rows).toEqual([{ answer: 42 }]);
  });

  it('fails with the database error and leaves the connection usable', async () => {
    const seen: string[] = [];
    await expect(
      copyOut(
        client,
        `COPY (SELECT 10 / (3 - n) FROM generate_series(1, 5) AS n) TO STDOUT`,
        (row) => {
          seen.push(row.toString('utf8').trim());
        },
      ),
    ).rejects.toThrow('division by zero');
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect(await rowsOf(`COPY (SELECT 'après') TO STDOUT`)).toEqual(['après']);
  });
});
