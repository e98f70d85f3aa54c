import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';

/**
 * Cross-origin access for browser front-ends on other origins: only the origins of `CORS_ORIGINS`
 * (none by default) get `Access-Control-Allow-Origin`. Preflights are answered (204) for every
 * origin, with the allow headers only for allowed ones, so a browser refuses the others.
 *
 * No cookies are involved (the API key travels in `Authorization`), so credentials are never
 * allowed. CORS only decides what a page may *read*; requests a page can send without a
 * preflight (simple requests) are stopped by Apollo's CSRF prevention, which stays on: a GraphQL
 * request must be `application/json` or carry `apollo-require-preflight`.
 */
export function corsOptions(origins: readonly string[]): CorsOptions {
  return {
    // A list (even empty), not a function: the cors package then answers every preflight itself
    // and adds the allow header only for a listed origin (a function refusing an origin would
    // pass its preflight on to the routes, which answer 400).
    origin: [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'apollo-require-preflight',
      'x-apollo-operation-name',
    ],
    exposedHeaders: ['retry-after', 'x-content-sha256', 'content-disposition'],
    credentials: false,
    maxAge: 600,
  };
}
