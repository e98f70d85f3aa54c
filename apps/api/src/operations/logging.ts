import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { Options } from 'pino-http';
import type { LogLevel } from '@observatory/config';

/**
 * Structured JSON logs. Requests are logged by method, path and status only: no headers (API
 * keys), no query string (signed URLs), no body or GraphQL variables (answers, personal data).
 */
export function loggingParams(level: LogLevel, file?: string): Params {
  const options = {
    level,
    autoLogging: { ignore: (request) => request.url === '/health' || request.url === '/metrics' },
    quietReqLogger: true,
    serializers: {
      req: (request: { id?: unknown; method?: string; url?: string }) => ({
        id: request.id,
        method: request.method,
        path: (request.url ?? '').split('?')[0],
      }),
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
    },
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
  } satisfies Options;
  return {
    pinoHttp: file ? [options, pino.destination({ dest: file, sync: true, mkdir: true })] : options,
  };
}

/** The process's own JSON log before Nest runs (start-up retries), to the same place as the rest. */
export function startLogger(level: LogLevel, file?: string): pino.Logger {
  return file
    ? pino({ level }, pino.destination({ dest: file, sync: true, mkdir: true }))
    : pino({ level });
}
