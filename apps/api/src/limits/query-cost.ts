/**
 * The cost of a GraphQL operation, known once it is parsed and validated and before anything
 * runs: every selected field costs 1 point, the operations that do real work cost what is in
 * OPERATION_COSTS (an `aggregate` 200, an export request 500…), so that aliases multiply the
 * cost, not the work. Computed by graphql-query-complexity (the library Nest's docs use).
 *
 * An operation over MAX_QUERY_COST is refused with QUERY_TOO_COMPLEX before any resolver runs
 * (no audit row, no query to the database). Otherwise its cost is charged to the caller's rate
 * limit: one request unit per started 100 points, beyond the unit already paid at the door.
 */
// Nest's Apollo types come from the ESM build of @apollo/server: take the plugin type from there too.
import type { ApolloServerPlugin, HeaderMap } from '@apollo/server' with {
  'resolution-mode': 'import',
};
import type { Request } from 'express';
import { GraphQLError, type GraphQLSchema, type DocumentNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { tooComplexMessage } from './query-limits';
import type { RateLimits } from './rate-limits';

/** Points of the operations that do real work; every other field costs 1. */
export const OPERATION_COSTS: Readonly<Record<string, number>> = {
  'Query.aggregate': 200,
  'Query.submissions': 50,
  'Query.auditEvents': 50,
  'Query.jobQueues': 20,
  'Query.validateAnswers': 10,
  'Mutation.requestExport': 500,
  'Mutation.eraseParticipant': 200,
  'Mutation.publishInstrumentVersion': 100,
  'Mutation.issueAnonymousTokens': 100,
  'Mutation.submit': 10,
  'Mutation.submitAnonymous': 10,
};

const estimateCost: ComplexityEstimator = ({ type, field, childComplexity }) =>
  (OPERATION_COSTS[`${type.name}.${field.name}`] ?? 1) + childComplexity;

export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    operationName,
    estimators: [estimateCost],
  });
}

interface Context {
  req: Request;
}

export function queryCostPlugin(maxCost: number, limits: RateLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, contextValue }) {
          let cost: number;
          try {
            cost = operationCost(schema, document, request.variables, request.operationName);
          } catch {
            // Variables that do not fit the operation: it will be refused before anything runs,
            // with GraphQL's own coercion error, so there is no work to price.
            return;
          }
          if (cost > maxCost) {
            throw new GraphQLError(tooComplexMessage(cost, maxCost), {
              extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost, http: { status: 400 } },
            });
          }
          const charged = await limits.chargeCost(contextValue.req, cost);
          if (!charged.admitted) {
            const headers = new Map([['retry-after', String(charged.retryAfterSeconds)]]);
            throw new GraphQLError(charged.message, {
              extensions: {
                code: 'RATE_LIMITED',
                retryAfterSeconds: charged.retryAfterSeconds,
                http: { status: 429, headers: headers as unknown as HeaderMap },
              },
            });
          }
        },
      };
    },
  };
}
