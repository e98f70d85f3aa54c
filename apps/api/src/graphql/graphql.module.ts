import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
// Nest's Apollo types come from the ESM build of @apollo/server: take the plugin type from there too.
import type { ApolloServerPlugin } from '@apollo/server' with { 'resolution-mode': 'import' };
import { PinoLogger } from 'nestjs-pino';
import { AuthModule } from '../../../../libs/auth/src';
import { InstrumentsModule } from '../../../../libs/instruments/src';
import { MetricsService } from '../operations/metrics.service';
import { OperationsModule } from '../operations/operations.module';
import { ApiKeyResolver } from './api-key.resolver';
import { CampaignsApiModule } from './campaigns/campaigns-api.module';
import { ExportsApiModule } from './exports/exports-api.module';
import { PartnersApiModule } from './partners/partners-api.module';
import { SubmissionsApiModule } from './submissions/submissions-api.module';
import { queryLimits } from '../limits/query-limits';
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
    CampaignsApiModule,
    SubmissionsApiModule,
    PartnersApiModule,
    ExportsApiModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [OperationsModule],
      inject: [MetricsService, PinoLogger],
      useFactory: (metrics: MetricsService, logger: PinoLogger) => ({
        autoSchemaFile: true,
        sortSchema: true,
        path: '/graphql',
        playground: false,
        introspection: true,
        context: ({ req }: { req: unknown }) => ({ req }),
        formatError: formatGraphQLError(logger),
        validationRules: [queryLimits()],
        plugins: [metricsPlugin(metrics)],
      }),
    }),
  ],
  providers: [ApiKeyResolver, InstrumentResolver, InstrumentVersionResolver, QueueResolver],
  // GET /schemas/instrument-definition.json: the definition JSON Schema, for editors.
  controllers: [InstrumentSchemaController],
})
export class ApiGraphQLModule {}
