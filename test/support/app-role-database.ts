/**
 * A database owned by a role of its own that is not a superuser, as a real deployment gives the
 * service: the app runs as that role, and an attacker test connects with the same role, so "what
 * the application's database user can read" is tried for real (the shared test server's own user
 * is a superuser, which could read dead tuples with pageinspect, or the write-ahead log).
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '@observatory/persistence';
import { testPostgresUrl } from './test-database';

export async function createAppRoleDatabase(prefix = 'r'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const role = `${name}_app`;
  const password = randomBytes(16).toString('hex');
  const admin = new Client({ connectionString: testPostgresUrl() });
  await admin.connect();
  try {
    await admin.query(
      `CREATE ROLE ${role} LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`,
    );
    await admin.query(`CREATE DATABASE ${name} OWNER ${role}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testPostgresUrl());
  url.username = role;
  url.password = password;
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return url.toString();
}
