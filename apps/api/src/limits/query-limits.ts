import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export const MAX_QUERY_DEPTH = 12;
export const MAX_QUERY_FIELDS = 500;

const TOO_DEEP = 'This query is nested';
const TOO_COMPLEX = 'This query selects more than';

/** The stable code of a limit's message (Apollo replaces validation codes with its own). */
export function limitCodeOf(message: string): 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX' | undefined {
  if (message.startsWith(TOO_DEEP)) return 'QUERY_TOO_DEEP';
  if (message.startsWith(TOO_COMPLEX)) return 'QUERY_TOO_COMPLEX';
  return undefined;
}

/**
 * Refuses operations nested deeper than `maxDepth` or selecting more than `maxFields` fields in
 * all (fragments expanded): such queries cost the server without serving a real front-end.
 */
export function queryLimits(maxDepth = MAX_QUERY_DEPTH, maxFields = MAX_QUERY_FIELDS) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        fragments.set(definition.name.value, definition);
    }
    return {
      OperationDefinition(operation) {
        let fields = 0;
        let deepest = 0;
        const visit = (selectionSet: SelectionSetNode, depth: number, seen: Set<string>): void => {
          deepest = Math.max(deepest, depth);
          if (deepest > maxDepth || fields > maxFields) return;
          for (const selection of selectionSet.selections) {
            if (selection.kind === Kind.FIELD) {
              fields += 1;
              if (selection.selectionSet) visit(selection.selectionSet, depth + 1, seen);
            } else if (selection.kind === Kind.INLINE_FRAGMENT) {
              visit(selection.selectionSet, depth, seen);
            } else {
              const name = selection.name.value;
              const fragment = fragments.get(name);
              // A fragment spread twice on one path would loop: GraphQL's own rules refuse cycles.
              if (fragment && !seen.has(name))
                visit(fragment.selectionSet, depth, new Set([...seen, name]));
            }
          }
        };
        visit(operation.selectionSet, 1, new Set());
        if (deepest > maxDepth) {
          context.reportError(
            new GraphQLError(
              `This query is nested ${deepest} levels deep; the limit is ${maxDepth}`,
              {
                nodes: [operation],
                extensions: { code: 'QUERY_TOO_DEEP' },
              },
            ),
          );
        } else if (fields > maxFields) {
          context.reportError(
            new GraphQLError(`${TOO_COMPLEX} ${maxFields} fields; split it`, {
              nodes: [operation],
              extensions: { code: 'QUERY_TOO_COMPLEX' },
            }),
          );
        }
      },
    };
  };
}
