import { HttpException } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { limitCodeOf } from '../limits/query-limits';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@observatory/errors';

export interface ErrorLogger {
  error(object: Record<string, unknown>, message: string): void;
}

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'BAD_USER_INPUT',
  429: 'RATE_LIMITED',
};

/**
 * Maps every error to a stable `extensions.code` and a message a front-end developer can act on.
 * Nothing submitted is echoed: GraphQL's own coercion messages quote the offending value, so they
 * are cut down to the variable and the path. Unexpected errors get a reference, logged without
 * their message (a database error can quote a value).
 */
export function formatGraphQLError(logger: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        path: formatted.path,
        extensions: { code: original.code, ...(original.details ?? {}) },
      };
    }
    if (original instanceof HttpException) {
      const status = original.getStatus();
      const code = HTTP_CODES[status];
      if (code)
        return { message: httpMessage(original), path: formatted.path, extensions: { code } };
    }
    // Apollo files every validation error under GRAPHQL_VALIDATION_FAILED; keep our limits' codes.
    const code = limitCodeOf(formatted.message) ?? formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      return {
        message: withoutValues(formatted.message),
        locations: formatted.locations,
        extensions: { code, ...limitDetails(formatted.extensions) },
      };
    }
    if (databaseCodeOf(original, UNSTORABLE_TEXT) || isUnstorableJson(original)) {
      return {
        message:
          'A text contains a character the database cannot store (such as the NUL character or a lone surrogate); nothing was changed.',
        path: formatted.path,
        extensions: { code: 'BAD_USER_INPUT' },
      };
    }
    if (isDatabaseUnavailable(original)) {
      return {
        message:
          'The database is unavailable at the moment; nothing was changed. Retry in a few seconds.',
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    const reference = randomUUID();
    const failure = original instanceof Error ? original : new Error('non-error thrown');
    logger.error(
      {
        reference,
        err: {
          type: failure.name,
          code: (failure as { code?: unknown }).code,
          stack: stackFrames(failure),
        },
        path: formatted.path,
      },
      'unexpected error in a GraphQL operation',
    );
    return {
      message: `Internal error; the operators can find it under reference ${reference}`,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', reference },
    };
  };
}

/** The figures a refused client acts on (the cost and its limit, when to retry); never input values. */
function limitDetails(extensions: GraphQLFormattedError['extensions']): Record<string, number> {
  const details: Record<string, number> = {};
  for (const key of ['cost', 'maxCost', 'retryAfterSeconds']) {
    const value = extensions?.[key];
    if (typeof value === 'number') details[key] = value;
  }
  return details;
}

/** PostgreSQL refusing a character of the input: a fault of the request, not of the service. */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

/**
 * PostgreSQL refusing JSON text: a lone UTF-16 surrogate (`"a\ud800b"`) that JavaScript strings
 * allow and `jsonb` does not (22P02 on the json type). Submitted answers are checked before; this
 * covers every other JSON input (definitions, campaign branches…).
 */
function isUnstorableJson(error: unknown): boolean {
  if (!databaseCodeOf(error, new Set(['22P02']))) return false;
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const { message, detail } = current as { message?: unknown; detail?: unknown };
    if (/surrogate|Unicode/i.test(`${String(detail ?? '')} ${String(message ?? '')}`)) return true;
    const next = current as { driverError?: unknown; cause?: unknown; thrownValue?: unknown };
    current = next.driverError ?? next.cause ?? next.thrownValue;
  }
  return false;
}

/** The PostgreSQL error code of a driver error, however it is wrapped, when it is in `codes`. */
function databaseCodeOf(error: unknown, codes: Set<string>): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && codes.has(code)) return code;
    const next = current as { driverError?: unknown; cause?: unknown; thrownValue?: unknown };
    current = next.driverError ?? next.cause ?? next.thrownValue;
  }
  return undefined;
}

/**
 * Connection refused, terminated or shut down: an outage, not a fault of the request. The driver
 * sometimes throws plain objects (graphql-js wraps them as `thrownValue`), so any object counts.
 */
function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P01' || code === '57P03')
      return true;
    if (
      typeof message === 'string' &&
      /Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/.test(
        message,
      )
    ) {
      return true;
    }
    const next = current as { driverError?: unknown; cause?: unknown; thrownValue?: unknown };
    current = next.driverError ?? next.cause ?? next.thrownValue;
  }
  return false;
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const message = (response as { message: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string') return message;
  }
  return exception.message;
}

/**
 * `Variable "$input" got invalid value "x@y.fr" at "input.role"; …` → the variable, the path and
 * the kind of problem, never the value. The value may contain anything (quotes, `; `), so the
 * reason is recognised by its known shapes, not by splitting the message.
 */
export function withoutValues(message: string): string {
  const variable = /^Variable "(\$[_A-Za-z0-9]+)" got invalid value /.exec(message);
  if (!variable) return reasonWithoutValue(message);
  const at = /^.* at "([_A-Za-z0-9.[\]]*)"; /s.exec(message);
  return `Variable "${variable[1]}" got an invalid value${at ? ` at "${at[1]}"` : ''}; ${reasonWithoutValue(message)}`;
}

const SAFE_REASONS: [RegExp, (match: RegExpExecArray) => string][] = [
  [
    /.*does not exist in "([_A-Za-z0-9]+)" enum\./s,
    (m) => `The value does not exist in "${m[1]}" enum.`,
  ],
  [
    /.*\b([_A-Za-z0-9]+) cannot represent ([^:"]*)/s,
    (m) => `${m[1]} cannot represent ${m[2].trim()}`,
  ],
  [
    /.*Expected value of type "([^"]+)", found/s,
    (m) => `Expected value of type "${m[1]}", found another value.`,
  ],
  [/.*(Field "[_A-Za-z0-9]+" of required type "[^"]+" was not provided\.)/s, (m) => m[1]],
  [/.*(Field "[_A-Za-z0-9]+" is not defined by type "[^"]+"\.)/s, (m) => m[1]],
  [
    /.*Expected type "([^"]+)" to be an object\./s,
    (m) => `Expected type "${m[1]}" to be an object.`,
  ],
];

function reasonWithoutValue(message: string): string {
  if (!/invalid value|cannot represent|found|does not exist/.test(message)) return message;
  for (const [pattern, rewrite] of SAFE_REASONS) {
    const match = pattern.exec(message);
    if (match) return rewrite(match);
  }
  return 'The value does not match the expected type.';
}

function stackFrames(error: Error): string[] {
  return (error.stack ?? '')
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .slice(0, 15);
}
