import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';
import { Allow, CurrentPrincipal, type Principal } from '@observatory/auth';
import {
  INSTRUMENT_DEFINITION_SCHEMA,
  SDK_VERSION,
  type JsonObject,
} from '@observatory/instrument-sdk';
import { InstrumentService, PluginRegistry } from '@observatory/instruments';
import { toAnswerSchema, toSurveyJs } from '@observatory/instruments';
import type { InstrumentVersionEntity } from '@observatory/persistence';
import { SubmissionService } from '@observatory/submissions';
import {
  FieldErrorType,
  InstrumentKindType,
  InstrumentType,
  InstrumentVersionStatus,
  InstrumentVersionType,
  PublishInstrumentVersionInput,
  PublishResultType,
  SubmissionStatus,
} from './instrument.types';

const ANY_ROLE = ['ADMIN', 'COLLECTOR', 'PARTNER'] as const;

@Resolver(() => InstrumentType)
export class InstrumentResolver {
  constructor(
    private readonly catalogue: InstrumentService,
    private readonly plugins: PluginRegistry,
    private readonly submissions: SubmissionService,
  ) {}

  @Query(() => [InstrumentKindType], { description: 'The installed instrument plugins' })
  @Allow(...ANY_ROLE)
  instrumentKinds(): InstrumentKindType[] {
    return this.plugins.list().map((plugin) => ({
      kind: plugin.kind,
      pluginVersion: plugin.version,
      sdkVersion: plugin.sdkVersion,
      description: plugin.description,
    }));
  }

  @Query(() => GraphQLJSON, {
    description:
      'The JSON Schema (2020-12) of instrument definitions, as published in @observatory/instrument-sdk and served at /schemas/instrument-definition.json. It states the structure; publishInstrumentVersion also checks what a schema cannot say (unique keys, conditions, bounds in order…).',
  })
  @Allow(...ANY_ROLE)
  definitionSchema(): JsonObject {
    return INSTRUMENT_DEFINITION_SCHEMA;
  }

  @Query(() => String, {
    description:
      'The version of @observatory/instrument-sdk this service provides; a plugin declares the range it targets (sdkVersion).',
  })
  @Allow(...ANY_ROLE)
  instrumentSdkVersion(): string {
    return SDK_VERSION;
  }

  @Query(() => [InstrumentType])
  @Allow(...ANY_ROLE)
  async instruments(): Promise<InstrumentType[]> {
    return this.catalogue.listInstruments();
  }

  @Query(() => InstrumentType, { nullable: true })
  @Allow(...ANY_ROLE)
  async instrument(@Args('key') key: string): Promise<InstrumentType | null> {
    return this.catalogue.findInstrument(key);
  }

  @ResolveField(() => String, { description: 'The French title of the newest version' })
  async title(@Parent() instrument: InstrumentType): Promise<string> {
    const [newest] = await this.catalogue.versions(instrument.key);
    return newest?.definition.title.fr ?? instrument.key;
  }

  @ResolveField(() => [InstrumentVersionType], { description: 'Newest first' })
  async versions(@Parent() instrument: InstrumentType): Promise<InstrumentVersionType[]> {
    return (await this.catalogue.versions(instrument.key)).map(toVersionType);
  }

  @ResolveField(() => InstrumentVersionType, {
    nullable: true,
    description: 'The newest version still published',
  })
  async latest(@Parent() instrument: InstrumentType): Promise<InstrumentVersionType | null> {
    const published = (await this.catalogue.versions(instrument.key)).find(
      (v) => v.status === 'PUBLISHED',
    );
    return published ? toVersionType(published) : null;
  }

  @ResolveField(() => InstrumentVersionType, {
    nullable: true,
    description: 'One version, published or retired',
  })
  async version(
    @Parent() instrument: InstrumentType,
    @Args('version') version: string,
  ): Promise<InstrumentVersionType | null> {
    const found = (await this.catalogue.versions(instrument.key)).find(
      (v) => v.version === version,
    );
    return found ? toVersionType(found) : null;
  }

  @Mutation(() => PublishResultType)
  @Allow('ADMIN')
  async publishInstrumentVersion(
    @Args('input') input: PublishInstrumentVersionInput,
  ): Promise<PublishResultType> {
    const outcome = await this.catalogue.publish(input);
    return {
      instrumentVersion: toVersionType(outcome.version),
      created: outcome.created,
      changes: outcome.changes,
    };
  }

  @Mutation(() => InstrumentVersionType, {
    description: 'Stops new submissions; the data stays queryable',
  })
  @Allow('ADMIN')
  async retireInstrumentVersion(
    @Args('key') key: string,
    @Args('version') version: string,
  ): Promise<InstrumentVersionType> {
    return toVersionType(await this.catalogue.retire(key, version));
  }

  @Query(() => [FieldErrorType], {
    description:
      'Checks answers (the answer shape or SurveyJS data) against a version without storing anything: exactly the checks of submit, anonymisation included',
  })
  @Allow(...ANY_ROLE)
  async validateAnswers(
    @Args('instrumentKey') instrumentKey: string,
    @Args('version') version: string,
    @Args('answers', { type: () => GraphQLJSON }) answers: unknown,
    @Args('status', { type: () => SubmissionStatus, defaultValue: SubmissionStatus.COMPLETE })
    status: SubmissionStatus,
  ): Promise<FieldErrorType[]> {
    const found = await this.catalogue.findVersion(instrumentKey, version);
    return this.submissions.check(found.definition, answers, status);
  }
}

/** The fields of a version whose content depends on who is asking (the answer key is admin-only). */
@Resolver(() => InstrumentVersionType)
export class InstrumentVersionResolver {
  constructor(private readonly catalogue: InstrumentService) {}

  @ResolveField(() => GraphQLJSON, {
    description: 'The definition; non-admins get the kind’s public view',
  })
  async definition(
    @Parent() parent: InstrumentVersionType,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<JsonObject> {
    const version = await this.catalogue.findVersion(parent.key, parent.version);
    return this.catalogue.viewOf(version, viewer.role === 'ADMIN') as unknown as JsonObject;
  }

  @ResolveField(() => GraphQLJSON, {
    description: 'JSON Schema 2020-12 of the answers of a COMPLETE submission',
  })
  async answerSchema(@Parent() parent: InstrumentVersionType): Promise<JsonObject> {
    return toAnswerSchema(await this.publicDefinition(parent));
  }

  @ResolveField(() => GraphQLJSON, {
    description:
      'A render-ready SurveyJS form (survey-core); its survey.data is accepted by submit as it is',
  })
  async surveyJs(
    @Parent() parent: InstrumentVersionType,
    @Args('locale', {
      type: () => String,
      defaultValue: 'fr',
      description: 'Language of the texts (French where a text has no such translation)',
    })
    locale: string,
  ): Promise<JsonObject> {
    return toSurveyJs(await this.publicDefinition(parent), locale);
  }

  private async publicDefinition(parent: InstrumentVersionType) {
    return this.catalogue.viewOf(
      await this.catalogue.findVersion(parent.key, parent.version),
      false,
    );
  }
}

function toVersionType(version: InstrumentVersionEntity): InstrumentVersionType {
  return {
    id: version.id,
    key: version.instrumentKey,
    version: version.version,
    status: version.status as InstrumentVersionStatus,
    anonymous: version.definition.anonymous ?? false,
    checksum: version.checksum,
    changelog: version.changelog,
    builtin: version.builtin,
    publishedAt: version.publishedAt,
    retiredAt: version.retiredAt,
  };
}
