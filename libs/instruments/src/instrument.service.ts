import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as semver from 'semver';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  InstrumentDefinition,
  InstrumentKindPlugin,
  JsonObject,
  Problem,
} from '@observatory/instrument-sdk';
import { badInput, conflict, notFound } from '@observatory/errors';
import { InstrumentEntity } from '@observatory/persistence';
import { InstrumentVersionEntity } from '@observatory/persistence';
import { definitionChecksum } from './definition-checksum';
import {
  checkDefinition,
  checkVersionBump,
  diffDefinitions,
  validateAnswers,
  type BoundedAnswers,
  type DefinitionChange,
} from './engine';
import { PluginRegistry } from './registry';

export interface PublishRequest {
  key: string;
  kind: string;
  version: string;
  definition: unknown;
  changelog?: string;
  builtin?: boolean;
}

export interface PublishOutcome {
  version: InstrumentVersionEntity;
  /** False when the very same content was already published under this version. */
  created: boolean;
  /** How this version differs from the latest one before it. */
  changes: DefinitionChange[];
}

@Injectable()
export class InstrumentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plugins: PluginRegistry,
  ) {}

  listInstruments(): Promise<InstrumentEntity[]> {
    return this.dataSource.getRepository(InstrumentEntity).find({ order: { key: 'ASC' } });
  }

  findInstrument(key: string): Promise<InstrumentEntity | null> {
    return this.dataSource.getRepository(InstrumentEntity).findOneBy({ key });
  }

  /** Every version of an instrument, newest first. */
  versions(key: string): Promise<InstrumentVersionEntity[]> {
    return this.dataSource.getRepository(InstrumentVersionEntity).find({
      where: { instrumentKey: key },
      order: { major: 'DESC', minor: 'DESC', patch: 'DESC' },
    });
  }

  async findVersion(key: string, version: string): Promise<InstrumentVersionEntity> {
    const found = await this.dataSource
      .getRepository(InstrumentVersionEntity)
      .findOneBy({ instrumentKey: key, version });
    if (!found) throw notFound(`Instrument "${key}" has no version "${version}"`);
    return found;
  }

  /**
   * Validates with the common engine and the kind's plugin, checks the semver bump against the
   * latest version, and stores an immutable version. The same content again is a no-op; other
   * content under an existing version is a CONFLICT.
   */
  async publish(request: PublishRequest): Promise<PublishOutcome> {
    const plugin = this.plugins.get(request.kind);
    if (!plugin) {
      throw badInput(
        `Unknown instrument kind "${request.kind}"; installed kinds: ${this.plugins.kinds().join(', ')}`,
      );
    }
    const definition = this.validDefinition(request, plugin);
    const checksum = definitionChecksum(definition as unknown as JsonObject);
    return this.dataSource.transaction(async (manager) => {
      // One publisher per instrument at a time: the bump check reads the latest version.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `instrument:${request.key}`,
      ]);
      const instrument = await manager.findOneBy(InstrumentEntity, { key: request.key });
      if (instrument && instrument.kind !== request.kind) {
        throw conflict(
          `Instrument "${request.key}" is of kind "${instrument.kind}", not "${request.kind}"`,
        );
      }
      const existing = await manager.findOneBy(InstrumentVersionEntity, {
        instrumentKey: request.key,
        version: request.version,
      });
      if (existing) {
        if (existing.checksum !== checksum) {
          throw conflict(
            `Version ${request.version} of "${request.key}" is already published with other content; publish a new version instead`,
            { checksum: existing.checksum },
          );
        }
        return { version: existing, created: false, changes: [] };
      }
      const latest = await this.latestIn(manager, request.key);
      let changes: DefinitionChange[] = [];
      if (latest) {
        const bumpProblems = checkVersionBump(latest.definition, definition);
        if (bumpProblems.length)
          throw definitionRejected('The version number does not fit the changes', bumpProblems);
        changes = diffDefinitions(latest.definition, definition).changes;
      }
      if (!instrument)
        await manager.insert(InstrumentEntity, { key: request.key, kind: request.kind });
      const parsed = semver.parse(request.version)!;
      const stored = manager.create(InstrumentVersionEntity, {
        instrumentKey: request.key,
        version: request.version,
        major: parsed.major,
        minor: parsed.minor,
        patch: parsed.patch,
        definition,
        checksum,
        changelog: request.changelog ?? '',
        status: 'PUBLISHED',
        builtin: request.builtin ?? false,
        retiredAt: null,
      });
      await manager.save(stored);
      return { version: stored, created: true, changes };
    });
  }

  /** Stops new submissions to a version; its data stays queryable. */
  async retire(key: string, version: string): Promise<InstrumentVersionEntity> {
    const found = await this.findVersion(key, version);
    if (found.status !== 'RETIRED') {
      found.status = 'RETIRED';
      found.retiredAt = new Date();
      await this.dataSource.getRepository(InstrumentVersionEntity).save(found);
    }
    return found;
  }

  /**
   * The common engine then the kind's own checks; every problem is returned, none thrown. The
   * answers' shape was bounded first (checkAnswerBounds): nothing here recurses into a hostile
   * payload.
   */
  checkAnswers(
    definition: InstrumentDefinition,
    answers: BoundedAnswers,
    mode: 'COMPLETE' | 'DRAFT',
  ): Problem[] {
    const problems = validateAnswers(definition, answers, mode);
    if (problems.length || mode === 'DRAFT') return problems;
    const plugin = this.plugins.require(definition.kind);
    return plugin.checkAnswers?.(definition, answers as JsonObject) ?? [];
  }

  /** The definition as `viewerIsAdmin` may see it: the kind's public view for everyone else. */
  viewOf(version: InstrumentVersionEntity, viewerIsAdmin: boolean): InstrumentDefinition {
    if (viewerIsAdmin) return version.definition;
    const plugin = this.plugins.get(version.definition.kind);
    return plugin?.publicView ? plugin.publicView(version.definition) : version.definition;
  }

  private validDefinition(
    request: PublishRequest,
    plugin: InstrumentKindPlugin,
  ): InstrumentDefinition {
    const input = request.definition;
    const identity: Problem[] = [];
    if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
      for (const [field, expected] of [
        ['key', request.key],
        ['kind', request.kind],
        ['version', request.version],
      ] as const) {
        const given = (input as Record<string, unknown>)[field];
        if (given !== undefined && given !== expected) {
          identity.push({
            path: field,
            code: 'MISMATCH',
            message: `definition.${field} differs from the ${field} of the request`,
          });
        }
      }
    }
    if (identity.length)
      throw definitionRejected('The definition does not match the request', identity);
    const withIdentity =
      input !== null && typeof input === 'object' && !Array.isArray(input)
        ? {
            ...(input as Record<string, unknown>),
            key: request.key,
            kind: request.kind,
            version: request.version,
          }
        : input;
    const { definition, problems } = checkDefinition(withIdentity);
    if (!definition) throw definitionRejected('The definition is not valid', problems);
    const kindProblems = plugin.checkDefinition?.(definition) ?? [];
    if (kindProblems.length)
      throw definitionRejected(
        `The definition breaks rules of kind "${plugin.kind}"`,
        kindProblems,
      );
    return definition;
  }

  private latestIn(manager: EntityManager, key: string): Promise<InstrumentVersionEntity | null> {
    return manager.findOne(InstrumentVersionEntity, {
      where: { instrumentKey: key },
      order: { major: 'DESC', minor: 'DESC', patch: 'DESC' },
    });
  }
}

/** BAD_USER_INPUT with every problem listed by path, so an admin can fix them all at once. */
function definitionRejected(message: string, problems: Problem[]): Error {
  return badInput(`${message}: ${problems.length} problem(s), see extensions.problems`, {
    problems,
  });
}
