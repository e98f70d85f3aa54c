import * as path from 'node:path';
import type { AppConfig } from '../../config/src/app-config';
import { EmbeddedPostgresServer } from './embedded-postgres-server';

export interface DatabaseLocation {
  url: string;
  /** Set when this process started the database and must stop it last. */
  embedded?: EmbeddedPostgresServer;
}

const EMBEDDED_DATABASE = 'observatory';

/** DATABASE_URL when given; otherwise a private PostgreSQL under DATA_DIR, kept across restarts. */
export async function openDatabase(
  config: AppConfig,
  onLog?: (line: string) => void,
): Promise<DatabaseLocation> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = new EmbeddedPostgresServer({
    dataDir: path.join(config.dataDir, 'postgres'),
    port: config.embeddedPostgresPort,
    onLog,
  });
  await embedded.start();
  try {
    return { url: await embedded.createDatabase(EMBEDDED_DATABASE), embedded };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}
