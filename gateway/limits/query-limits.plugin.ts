import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { measureOperation, type OperationMeasure } from './measure.js';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
}

const CHECKS: { key: keyof OperationMeasure; limit: keyof QueryLimits; label: string }[] = [
  { key: 'depth', limit: 'maxDepth', label: 'depth' },
  { key: 'aliases', limit: 'maxAliases', label: 'aliases' },
  { key: 'directives', limit: 'maxDirectives', label: 'directives' },
  { key: 'cost', limit: 'maxCost', label: 'cost' },
];

/** The first limit an operation breaks, as the error clients get; null when it is within every limit. */
export function limitError(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: QueryLimits,
): GraphQLError | null {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  }
  const measured = measureOperation(operation, fragments, variables);
  for (const check of CHECKS) {
    const max = limits[check.limit];
    if (measured[check.key] > max) {
      return new GraphQLError(`Query ${check.label} ${measured[check.key]} exceeds the limit of ${max}`, {
        extensions: { code: 'BAD_USER_INPUT', limit: check.label, max, actual: measured[check.key], http: { status: 400 } },
      });
    }
  }
  return null;
}

/**
 * Refuses operations that are too deep, alias too much, carry too many
 * directives or cost too much, before any subgraph is called. (Token count
 * is bounded earlier, at parse time.) Subscriptions over graphql-ws are
 * checked with `limitError` by the gateway's subscription server.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const error = limitError(document, operation, request.variables ?? {}, limits);
          if (error) throw error;
        },
      };
    },
  };
}
