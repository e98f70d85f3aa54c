import type { AppConfig } from './app-config';

/** What a process knows once it has started: its validated config and where its database is. */
export interface Runtime {
  config: AppConfig;
  databaseUrl: string;
  /** True when the database is the embedded PostgreSQL started by this process. */
  embedded: boolean;
}

export const RUNTIME = Symbol('RUNTIME');
