/** A database of its own for one test file, on the shared embedded PostgreSQL, migrated. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '@observatory/persistence';

export function testPostgresUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('TEST_POSTGRES_URL is unset: run the tests through jest (npm test)');
  return url;
}

/** `migrate: false` leaves it empty (a test of the migrations themselves). */
export async function createTestDatabase(
  prefix = 't',
  options: { migrate?: boolean } = {},
): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: testPostgresUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testPostgresUrl());
  url.pathname = `/${name}`;
  if (options.migrate ?? true) await runMigrations(url.toString());
  return url.toString();
}

/** The Redis URL of the test run, or undefined when Redis is not available (never under CI=true). */
export function testRedisUrl(): string | undefined {
  return process.env.TEST_REDIS_URL;
}
