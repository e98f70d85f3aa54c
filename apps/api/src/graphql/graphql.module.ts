import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
// Nest's Apollo types come from the ESM build of @apollo/server: take the plugin type from there too.
import type { ApolloServerPlugin } from '@apollo/server' with { 'resolution-mode': 'import' };
import { PinoLogger } from 'nestjs-pino';
import { AuthModule } from '@observatory/auth';
import { RUNTIME, type Runtime } from '@observatory/config';
import { InstrumentsModule } from '@observatory/instruments';
import { SubmissionsModule } from '@observatory/submissions';
import { MetricsService } from '../operations/metrics.service';
import { OperationsModule } from '../operations/operations.module';
import { ApiKeyResolver } from './api-key.resolver';
import { CampaignsApiModule } from './campaigns/campaigns-api.module';
import { ExportsApiModule } from './exports/exports-api.module';
import { PartnersApiModule } from './partners/partners-api.module';
import { SubmissionsApiModule } from './submissions/submissions-api.module';
import { graphiqlPlugin } from '../graphiql/graphiql-page';
import { LimitsModule } from '../limits/limits.module';
import { queryCostPlugin } from '../limits/query-cost';
import { queryValidationRules } from '../limits/query-limits';
import { RateLimits } from '../limits/rate-limits';
import { formatGraphQLError } from './graphql-errors';
import { QueueResolver } from './queue.resolver';
import { InstrumentResolver, InstrumentVersionResolver } from './instrument.resolver';
import { InstrumentSchemaController } from './instrument-schema.controller';

function metricsPlugin(metrics: MetricsService): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, errors }) {
          metrics.graphqlOperations.inc({
            type: operation?.operation ?? 'unknown',
            outcome: errors?.length ? 'error' : 'ok',
          });
        },
      };
    },
  };
}

@Module({
  imports: [
    AuthModule,
    InstrumentsModule,
    // validateAnswers runs SubmissionService's checks (the very ones of submit).
    SubmissionsModule,
    CampaignsApiModule,
    SubmissionsApiModule,
    PartnersApiModule,
    ExportsApiModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [OperationsModule, LimitsModule],
      inject: [MetricsService, PinoLogger, RateLimits, RUNTIME],
      useFactory: (
        metrics: MetricsService,
        logger: PinoLogger,
        limits: RateLimits,
        { config }: Runtime,
      ) => ({
        autoSchemaFile: true,
        sortSchema: true,
        path: '/graphql',
        // Nest's own GraphiQL loads from a CDN; ours is served locally (GRAPHIQL, see below).
        playground: false,
        introspection: true,
        // Apollo's default, spelled out: simple (non-preflighted) requests are refused, so a
        // page on another origin cannot make a browser send a GraphQL request (see cors.ts).
        csrfPrevention: true,
        context: ({ req }: { req: unknown }) => ({ req }),
        formatError: formatGraphQLError(logger),
        validationRules: queryValidationRules(),
        plugins: [
          metricsPlugin(metrics),
          queryCostPlugin(config.maxQueryCost, limits),
          ...(config.graphiql ? [graphiqlPlugin('/graphql')] : []),
        ],
      }),
    }),
  ],
  providers: [ApiKeyResolver, InstrumentResolver, InstrumentVersionResolver, QueueResolver],
  // GET /schemas/instrument-definition.json: the definition JSON Schema, for editors.
  controllers: [InstrumentSchemaController],
})
export class ApiGraphQLModule {}
