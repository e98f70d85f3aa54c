import { ConfigError, loadAppConfig } from './app-config';

describe('loadAppConfig', () => {
  it('defaults to the embedded mode: no database URL, PostgreSQL queue, worker in-process', () => {
    const config = loadAppConfig({}, '/srv/app');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      queueBackend: 'postgres',
      runWorker: true,
      dataDir: '/srv/app/.data',
      logLevel: 'info',
      instrumentPlugins: [],
    });
  });

  it('runs the worker apart and Redis as the queue when both URLs are given', () => {
    const config = loadAppConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/o',
      REDIS_URL: 'redis://cache:6379',
    });
    expect(config).toMatchObject({ queueBackend: 'redis', runWorker: false });
  });

  it('splits INSTRUMENT_PLUGINS on commas', () => {
    expect(loadAppConfig({ INSTRUMENT_PLUGINS: ' ./a, my-plugin ,' }).instrumentPlugins).toEqual([
      './a',
      'my-plugin',
    ]);
  });

  it('allows no other origin by default, and GraphiQL in embedded mode only', () => {
    expect(loadAppConfig({})).toMatchObject({ corsOrigins: [], graphiql: true });
    expect(loadAppConfig({ DATABASE_URL: 'postgres://u:p@db:5432/o' })).toMatchObject({
      graphiql: false,
    });
    expect(
      loadAppConfig({ DATABASE_URL: 'postgres://u:p@db:5432/o', GRAPHIQL: 'true' }).graphiql,
    ).toBe(true);
  });

  it('reads CORS_ORIGINS as a list of origins', () => {
    expect(
      loadAppConfig({
        CORS_ORIGINS: ' https://app.example.org, http://localhost:5173/ ,https://app.example.org',
      }).corsOrigins,
    ).toEqual(['https://app.example.org', 'http://localhost:5173']);
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number, got "abc"'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must be between 0 and 65535, got 70000'],
    [
      { DATABASE_URL: 'mysql://x/y' },
      'Invalid configuration: DATABASE_URL must start with postgres:// or postgresql://',
    ],
    [
      { DATABASE_URL: 'postgres:// broken' },
      'Invalid configuration: DATABASE_URL is not a valid URL (expected postgres://user:password@host:port/...)',
    ],
    [
      { QUEUE_BACKEND: 'kafka' },
      'Invalid configuration: QUEUE_BACKEND must be one of postgres, redis, got "kafka"',
    ],
    [
      { QUEUE_BACKEND: 'redis' },
      'Invalid configuration: QUEUE_BACKEND is "redis" but REDIS_URL is not set',
    ],
    [
      { REDIS_URL: 'http://x' },
      'Invalid configuration: REDIS_URL must start with redis:// or rediss://',
    ],
    [
      { ADMIN_API_KEY: 'short' },
      'Invalid configuration: ADMIN_API_KEY must be at least 24 characters long',
    ],
    [
      { RUN_WORKER: 'maybe' },
      'Invalid configuration: RUN_WORKER must be true or false, got "maybe"',
    ],
    [
      { LOG_LEVEL: 'loud' },
      'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ],
    [
      { CORS_ORIGINS: '*' },
      'Invalid configuration: CORS_ORIGINS cannot be "*": list the origins allowed, comma-separated',
    ],
    [
      { CORS_ORIGINS: 'https://app.example.org/path' },
      'Invalid configuration: CORS_ORIGINS has "https://app.example.org/path": give scheme, host and port only, such as https://app.example.org',
    ],
    [
      { CORS_ORIGINS: 'app.example.org' },
      'Invalid configuration: CORS_ORIGINS has "app.example.org", which is not an origin such as https://app.example.org',
    ],
    [
      { CORS_ORIGINS: 'ftp://files.example.org' },
      'Invalid configuration: CORS_ORIGINS has "ftp://files.example.org": give scheme, host and port only, such as https://app.example.org',
    ],
  ])('refuses %p with one line naming the variable', (env, message) => {
    expect(() => loadAppConfig(env)).toThrow(
      new ConfigError('X', '').constructor as typeof ConfigError,
    );
    expect(() => loadAppConfig(env)).toThrow(message);
    try {
      loadAppConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reads TRUST_PROXY as hops or addresses, never as "trust anyone"', () => {
    expect(loadAppConfig({}).trustProxy).toBe(false);
    expect(loadAppConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadAppConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(() => loadAppConfig({ TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY must name the proxies/,
    );
    expect(() => loadAppConfig({ TRUST_PROXY: 'proxy.local' })).toThrow(
      'Invalid configuration: TRUST_PROXY has an entry that is not an address or subnet: "proxy.local"',
    );
  });

  it('never echoes a database password in its message', () => {
    expect(() => loadAppConfig({ DATABASE_URL: 'mysql://user:s3cret@db/x' })).not.toThrow(/s3cret/);
  });
});
