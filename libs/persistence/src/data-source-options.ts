import type { DataSourceOptions } from 'typeorm';
import { ApiKeyEntity } from './entities/api-key.entity';
import { InstrumentVersionEntity } from './entities/instrument-version.entity';
import { InstrumentEntity } from './entities/instrument.entity';
import { ApiKeys1764000000000 } from './migrations/1764000000000-api-keys';
import { Instruments1764000001000 } from './migrations/1764000001000-instruments';

/** Listed by hand (no globs) so the same list works from TypeScript sources and from `dist/`. */
export const ENTITIES = [ApiKeyEntity, InstrumentEntity, InstrumentVersionEntity];
export const MIGRATIONS = [ApiKeys1764000000000, Instruments1764000001000];

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    // The schema is owned by the migrations, never by the entities.
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: 20, application_name: 'observatory-api' },
  };
}
