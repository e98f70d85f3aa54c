/**
 * The race that crashed the API when PostgreSQL stopped: the server's FATAL arrives in the same read
 * as the ReadyForQuery that ends `connect()`, before the owner of the client (BullMQ's LISTEN
 * client) has attached its listener. A fake server replays exactly those bytes.
 */
import { Logger } from '@nestjs/common';
import * as net from 'node:net';
import { Client } from 'pg';
import { guardDatabaseConnectionErrors } from './connection-errors';

function message(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}

const authenticationOk = message('R', Buffer.from([0, 0, 0, 0]));
const readyForQuery = message('Z', Buffer.from('I'));
const adminShutdown = message(
  'E',
  Buffer.from(
    'SFATAL\0VFATAL\0C57P01\0Mterminating connection due to administrator command\0\0',
    'utf8',
  ),
);

describe('guardDatabaseConnectionErrors', () => {
  let server: net.Server;
  let port: number;

  beforeAll(async () => {
    server = net.createServer((socket) =>
      socket.once('data', () =>
        socket.end(Buffer.concat([authenticationOk, readyForQuery, adminShutdown])),
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('keeps a client terminated before its owner listens from crashing the process', async () => {
    guardDatabaseConnectionErrors();
    guardDatabaseConnectionErrors();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const client = new Client({ host: '127.0.0.1', port, user: 'u', database: 'd' });
    const ended = new Promise((resolve) => client.once('end', resolve));

    await client.connect();
    // Unguarded, the FATAL has already been thrown as an uncaught 'error' event by now.
    await ended;

    await expect(client.query('SELECT 1')).rejects.toThrow(/not queryable|terminated/i);
    expect(warn).toHaveBeenCalledWith('a database connection was lost: 57P01');
    // One listener per client, however often the guard is installed.
    expect(client.listenerCount('error')).toBe(1);
    warn.mockRestore();
  });
});
