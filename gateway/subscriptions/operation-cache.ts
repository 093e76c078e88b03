import {
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';
import { SUBSCRIPTION_RULES } from '../../internal/graphql/validation.js';
import type { SubscriptionRoute, SubscriptionRouter } from './routing.js';

export interface PreparedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** for subscriptions: where it goes, or why no subgraph can serve it */
  route?: SubscriptionRoute | readonly GraphQLError[];
}

const withCode = (error: GraphQLError, code: string) =>
  new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });

/**
 * Parses, validates (against the gateway's API schema) and routes each
 * distinct operation once: thousands of clients subscribing with the same
 * document share one AST, which is most of what an idle subscription would
 * otherwise cost in memory. Least recently used entries are dropped.
 */
export class OperationCache {
  private readonly entries = new Map<string, PreparedOperation | readonly GraphQLError[]>();

  constructor(
    private readonly router: SubscriptionRouter,
    private readonly maxTokens: number,
    private readonly capacity = 500,
  ) {}

  /** the gateway's API schema (the supergraph as clients see it) */
  get apiSchema() {
    return this.router.apiSchema;
  }

  prepare(query: string, operationName: string | null | undefined): PreparedOperation | readonly GraphQLError[] {
    const key = `${operationName ?? ''}\u0000${query}`;
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const prepared = this.build(query, operationName);
    this.entries.set(key, prepared);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return prepared;
  }

  private build(query: string, operationName: string | null | undefined): PreparedOperation | readonly GraphQLError[] {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.maxTokens });
    } catch (err) {
      return [withCode(err as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
    }
    // subscriptions' rules (a union's members may share a field name with different types, as the
    // contract's MessageStream does); queries and mutations are validated again, strictly, by Apollo
    const errors = validate(this.router.apiSchema, document, SUBSCRIPTION_RULES);
    if (errors.length) return errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
    const operation = getOperationAST(document, operationName);
    if (!operation) return [new GraphQLError('Unable to identify the operation to run; give operationName', { extensions: { code: 'BAD_REQUEST' } })];
    if (operation.operation !== 'subscription') return { document, operation };
    return { document, operation, route: this.router.route(document, operation) };
  }
}
