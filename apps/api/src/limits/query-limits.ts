import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationRule } from 'graphql';

export const MAX_QUERY_DEPTH = 12;

const TOO_DEEP = 'This query is nested';
const TOO_COMPLEX = 'This operation costs';

/** The stable code of a limit's message (Apollo replaces validation codes with its own). */
export function limitCodeOf(message: string): 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX' | undefined {
  if (message.startsWith(TOO_DEEP)) return 'QUERY_TOO_DEEP';
  if (message.startsWith(TOO_COMPLEX)) return 'QUERY_TOO_COMPLEX';
  return undefined;
}

/**
 * The depth limit, counted as GraphQL Armor counts it: fields nested in fields, fragments
 * flattened, the introspection field `__schema` left out, so that the standard introspection
 * query of GraphiQL, Apollo Sandbox, graphql-codegen, Insomnia or Postman passes. Introspection
 * has its own bound in graphql-js's specified rules (MaxIntrospectionDepthRule: at most three
 * nested lists of types, fields or interfaces), which stops the recursive-introspection attack.
 * The cost of an operation is limited apart (query-cost.ts).
 */
export function queryValidationRules(maxDepth = MAX_QUERY_DEPTH): ValidationRule[] {
  return [
    maxDepthRule({
      n: maxDepth,
      ignoreIntrospection: true,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [
        (context, error) => {
          const found = /found (\d+)/.exec(error.message)?.[1] ?? 'too many';
          context?.reportError(
            new GraphQLError(`${TOO_DEEP} ${found} levels deep; the limit is ${maxDepth}`, {
              extensions: { code: 'QUERY_TOO_DEEP' },
            }),
          );
        },
      ],
    }),
  ];
}

export function tooComplexMessage(cost: number, maxCost: number): string {
  return `${TOO_COMPLEX} ${cost} points; the limit is ${maxCost} (MAX_QUERY_COST). Split it into smaller requests.`;
}
