/**
 * `npm run migration:run | migration:revert | migration:generate -- <Name>`.
 * Works on DATABASE_URL, or on the embedded PostgreSQL under DATA_DIR when it is unset (started
 * for the command and stopped after it). While `npm start` runs on the same DATA_DIR, it refuses
 * to start: one process at a time holds the data directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { failStart, loadAppConfig } from '@observatory/config';
import { dataSourceOptions } from './data-source-options';
import { openDatabase } from './database-location';
import { runMigrations } from './run-migrations';

async function main(command: string | undefined, name: string | undefined): Promise<void> {
  const config = loadAppConfig(process.env);
  const database = await openDatabase(config);
  try {
    if (command === 'run') {
      const applied = await runMigrations(database.url);
      process.stdout.write(
        applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migration\n',
      );
    } else if (command === 'revert') {
      await withDataSource(database.url, (dataSource) =>
        dataSource.undoLastMigration({ transaction: 'each' }),
      );
      process.stdout.write('Reverted the last migration\n');
    } else if (command === 'generate') {
      if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
        throw new Error(
          'give the migration a PascalCase name: npm run migration:generate -- AddSubmissions',
        );
      }
      await runMigrations(database.url);
      const file = await withDataSource(database.url, (dataSource) => generate(dataSource, name));
      process.stdout.write(
        file
          ? `Wrote ${file}; add it to MIGRATIONS in data-source-options.ts\n`
          : 'Entities and schema agree: nothing to generate\n',
      );
    } else {
      throw new Error('usage: migration-cli run | revert | generate <Name>');
    }
  } finally {
    await database.close();
  }
}

async function withDataSource<T>(
  url: string,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** What `typeorm migration:generate` does: diff the entities against the live schema. */
async function generate(dataSource: DataSource, name: string): Promise<string | undefined> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) return undefined;
  const timestamp = Date.now();
  const quote = (query: string): string => `    await queryRunner.query(${JSON.stringify(query)});`;
  const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map((query) => quote(query.query)).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${sql.downQueries
  .reverse()
  .map((query) => quote(query.query))
  .join('\n')}
  }
}
`;
  const file = path.resolve(
    __dirname,
    '../../../../libs/persistence/src/migrations',
    `${timestamp}-${kebab(name)}.ts`,
  );
  fs.writeFileSync(file, source);
  return file;
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

main(process.argv[2], process.argv[3]).catch((error: unknown) => failStart(error));
