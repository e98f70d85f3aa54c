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
import {
  getVariableValues,
  GraphQLError,
  Kind,
  visit,
  BREAK,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
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
  const known = costsOf(document);
  if (!known) {
    return getComplexity({
      schema,
      query: document,
      variables,
      operationName,
      estimators: [estimateCost],
    });
  }
  // What getComplexity checks first, on every request: variables that do not fit throw.
  for (const operation of operationsCounted(document, operationName)) {
    const { errors } = getVariableValues(
      schema,
      operation.variableDefinitions ?? [],
      variables ?? {},
    );
    if (errors?.length) throw errors[0];
  }
  const key = operationName ?? '';
  let cost = known.get(key);
  if (cost === undefined) {
    cost = getComplexity({
      schema,
      query: document,
      variables,
      operationName,
      estimators: [estimateCost],
    });
    known.set(key, cost);
  }
  return cost;
}

/**
 * The cost of an operation, by operation name, for documents whose cost no variable can change:
 * Apollo keeps one parsed document per query text, so a query sent again is priced once, not
 * walked again on every request. A document with `@include` / `@skip` (the fields counted depend
 * on variables) or with a default value for a variable (an explicit null can then make an
 * argument fail) is priced on every request, as before. undefined: not cacheable.
 */
const COSTS = new WeakMap<DocumentNode, Map<string, number> | null>();

function costsOf(document: DocumentNode): Map<string, number> | undefined {
  let costs = COSTS.get(document);
  if (costs === undefined) {
    let variableDependent = false;
    visit(document, {
      Directive(node) {
        if (node.name.value === 'include' || node.name.value === 'skip') {
          variableDependent = true;
          return BREAK;
        }
      },
      VariableDefinition(node) {
        if (node.defaultValue) {
          variableDependent = true;
          return BREAK;
        }
      },
    });
    costs = variableDependent ? null : new Map();
    COSTS.set(document, costs);
  }
  return costs ?? undefined;
}

/** The operations getComplexity adds up: the one named, or all of them when none is. */
function operationsCounted(
  document: DocumentNode,
  operationName: string | undefined,
): OperationDefinitionNode[] {
  return document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (operationName === undefined || definition.name?.value === operationName),
  );
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
