import type { DataSourceOptions } from 'typeorm';
import { AggregateCellEntity } from './entities/aggregate-cell.entity';
import { AggregateStateEntity } from './entities/aggregate-state.entity';
import {
  AggregateReleaseEntity,
  PopulationMemoryEntity,
  ReleaseMemberEntity,
  ReleasePolicyEntity,
} from './entities/aggregate-release.entity';
import { AnonymousPoolEntryEntity, AnonymousTokenEntity } from './entities/anonymous-token.entity';
import { ApiKeyEntity } from './entities/api-key.entity';
import { AuditEventEntity } from './entities/audit-event.entity';
import { CampaignPhaseEntity } from './entities/campaign-phase.entity';
import { CampaignEntity } from './entities/campaign.entity';
import { ExportJobEntity } from './entities/export-job.entity';
import { InstrumentVersionEntity } from './entities/instrument-version.entity';
import { InstrumentEntity } from './entities/instrument.entity';
import { OutboxEventEntity } from './entities/outbox-event.entity';
import { PairEntity } from './entities/pair.entity';
import { PartnerEntity } from './entities/partner.entity';
import { ParticipantEntity } from './entities/participant.entity';
import { ScrubberRunEntity } from './entities/scrubber-run.entity';
import { SubmissionEntity } from './entities/submission.entity';
import { ApiKeys1764000000000 } from './migrations/1764000000000-api-keys';
import { Instruments1764000001000 } from './migrations/1764000001000-instruments';
import { CampaignsAndSubmissions1764000002000 } from './migrations/1764000002000-campaigns-and-submissions';
import { AggregatesPartnersAudit1764000003000 } from './migrations/1764000003000-aggregates-partners-audit';
import { Exports1764000004000 } from './migrations/1764000004000-exports';
import { OutboxTargets1764000005000 } from './migrations/1764000005000-outbox-targets';
import { IncrementalAggregates1764000006000 } from './migrations/1764000006000-incremental-aggregates';
import { RecordKeys1764001100000 } from './migrations/1764001100000-record-keys';
import { AggregateReleases1764001110000 } from './migrations/1764001110000-aggregate-releases';
import { PopulationMemory1764001120000 } from './migrations/1764001120000-population-memory';
import { PartnerAgreements1764001130000 } from './migrations/1764001130000-partner-agreements';
import { AnonymousMixingPool1764001300000 } from './migrations/1764001300000-anonymous-mixing-pool';
import { RateLimit1764001600000 } from './migrations/1764001600000-rate-limit';
import { ScrubberVersion1764001400000 } from './migrations/1764001400000-scrubber-version';

/** Listed by hand (no globs) so the same list works from TypeScript sources and from `dist/`. */
export const ENTITIES = [
  ApiKeyEntity,
  InstrumentEntity,
  InstrumentVersionEntity,
  CampaignEntity,
  CampaignPhaseEntity,
  ParticipantEntity,
  PairEntity,
  SubmissionEntity,
  AnonymousTokenEntity,
  AnonymousPoolEntryEntity,
  OutboxEventEntity,
  AggregateStateEntity,
  AggregateCellEntity,
  PartnerEntity,
  AuditEventEntity,
  ExportJobEntity,
  AggregateReleaseEntity,
  ReleaseMemberEntity,
  ReleasePolicyEntity,
  PopulationMemoryEntity,
  ScrubberRunEntity,
];
export const MIGRATIONS = [
  ApiKeys1764000000000,
  Instruments1764000001000,
  CampaignsAndSubmissions1764000002000,
  AggregatesPartnersAudit1764000003000,
  Exports1764000004000,
  OutboxTargets1764000005000,
  IncrementalAggregates1764000006000,
  RecordKeys1764001100000,
  AggregateReleases1764001110000,
  PopulationMemory1764001120000,
  PartnerAgreements1764001130000,
  AnonymousMixingPool1764001300000,
  ScrubberVersion1764001400000,
  RateLimit1764001600000,
];

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    // The schema is owned by the migrations, never by the entities.
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install on a managed server.
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    logging: false,
    // A connection that cannot be had within 30 s (a server that stopped answering, or a pool
    // exhausted that long) fails the request as SERVICE_UNAVAILABLE instead of hanging it.
    extra: { max: 20, application_name: 'observatory-api', connectionTimeoutMillis: 30_000 },
  };
}
