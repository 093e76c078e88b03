import type http from 'node:http';
import { GraphQLError, parse, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { AppError } from '../errors.js';
import type { ContextFactory } from '../graphql/context.js';
import { SUBSCRIPTION_RULES } from '../graphql/validation.js';
import type { Logger } from '../logger.js';

export interface SubscriptionServerOptions<L> {
  schema: GraphQLSchema;
  context: ContextFactory<L>;
  log: Logger;
  path?: string;
}

/**
 * graphql-ws on a subgraph's /graphql. The gateway multiplexes many users'
 * subscriptions over one connection, so identity comes per operation: the
 * gateway puts the user's Authorization in the subscribe message's
 * `extensions`; a client connecting directly may use connectionParams.
 * Each operation is authenticated on its own; a bad token fails only it.
 */
export function attachSubscriptions<L>(httpServer: http.Server, options: SubscriptionServerOptions<L>): { dispose(): Promise<void> } {
  const wsServer = new WebSocketServer({ server: httpServer, path: options.path ?? '/graphql' });
  const cleanup = useServer(
    {
      schema: options.schema,
      onSubscribe: async (ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const extensions = (payload.extensions ?? {}) as Record<string, unknown>;
        const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
        const authorization = String(extensions.authorization ?? params.authorization ?? params.Authorization ?? '') || undefined;
        let document;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [err as GraphQLError];
        }
        const errors = validate(options.schema, document, SUBSCRIPTION_RULES);
        if (errors.length) return errors;
        try {
          const contextValue = await options.context({
            authorization,
            requestId: typeof extensions.requestId === 'string' ? extensions.requestId : undefined,
            clientIp: typeof extensions.clientIp === 'string' ? extensions.clientIp : undefined,
          });
          return { schema: options.schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
        } catch (err) {
          if (err instanceof AppError) return [err];
          options.log.error({ err }, 'subscription context failed');
          return [new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
        }
      },
    },
    wsServer,
  );
  return {
    async dispose() {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
