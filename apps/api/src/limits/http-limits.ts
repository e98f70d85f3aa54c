import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AppConfig } from '@observatory/config';

/**
 * Limits of the HTTP server itself, against clients that hold connections rather than send
 * requests (slowloris):
 * - MAX_CONNECTIONS: connections beyond it are closed as soon as they are accepted;
 * - REQUEST_TIMEOUT_MS: a request whose body has not fully arrived that long after its headers is
 *   answered 408 and its connection closed (a body trickled a byte at a time no longer holds a
 *   connection for minutes); headers must arrive within the same time (Node's own timers, checked
 *   every 30 s);
 * - TRUST_PROXY: which proxies may name the client address (X-Forwarded-For) for the rate limit.
 */
export function applyHttpLimits(app: INestApplication, config: AppConfig): void {
  (app as NestExpressApplication).set('trust proxy', config.trustProxy);
  const server = app.getHttpServer() as Server;
  server.maxConnections = config.maxConnections;
  server.headersTimeout = config.requestTimeoutMs;
  // Node's own whole-request timer, a backstop to the precise body timer below.
  server.requestTimeout = config.requestTimeoutMs + 30_000;
  server.on('request', (request: IncomingMessage, response: ServerResponse) =>
    limitBodyTime(request, response, config.requestTimeoutMs),
  );
}

function limitBodyTime(
  request: IncomingMessage,
  response: ServerResponse,
  timeoutMs: number,
): void {
  if (request.complete) return;
  const timer = setTimeout(() => {
    if (request.complete) return;
    if (!response.headersSent) {
      response.writeHead(408, { 'content-type': 'application/json', connection: 'close' });
      response.end(
        JSON.stringify({
          code: 'REQUEST_TIMEOUT',
          message: `The request body did not arrive within ${timeoutMs} ms (REQUEST_TIMEOUT_MS)`,
        }),
      );
    }
    // Whatever the client still sends is not read.
    response.once('finish', () => request.socket.destroy());
    if (response.writableFinished) request.socket.destroy();
  }, timeoutMs);
  timer.unref();
  const done = (): void => clearTimeout(timer);
  request.once('end', done);
  request.once('close', done);
}
