import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLSchema } from 'graphql';
import { maskError } from '../errors.js';
import type { ContextFactory, RequestContext } from '../graphql/context.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { requestScope } from '../request-scope.js';
import { graphqlTracingPlugin } from '../tracing/http.js';
import { closeServer, createServiceApp, listen, type ReadinessChecks } from './service.js';

export interface SubgraphServerOptions<L> {
  name: string;
  log: Logger;
  metrics: Metrics;
  /** the federated schema, with its shield applied */
  schema: GraphQLSchema;
  context: ContextFactory<L>;
  readiness: ReadinessChecks;
  /** extra HTTP routes mounted before /graphql (JWKS, webhooks, assets) */
  routes?: (app: Express) => void;
  /** express middleware that runs on /graphql before Apollo (e.g. multipart uploads) */
  graphqlMiddleware?: express.RequestHandler[];
  /** runs on the http server once it exists (e.g. a graphql-ws server) */
  attach?: (httpServer: http.Server) => { dispose(): Promise<void> };
  introspection?: boolean;
  bodyLimit?: string;
  /** closes this subgraph's own resources (DB, Redis, queues) after HTTP stops */
  onClose?: () => Promise<void>;
}

export interface SubgraphServer {
  app: Express;
  httpServer: http.Server;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** Counts operations by type and outcome for /metrics. */
export function operationMetricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, errors }) {
          metrics.graphqlOperations.inc({ type: operation?.operation ?? 'unknown', outcome: errors?.length ? 'error' : 'ok' });
        },
      };
    },
  };
}

/** Masks unexpected errors (no stacks, SQL or secrets reach the client) and logs their cause. */
export function formatErrorFor(log: Logger) {
  return (formatted: Parameters<typeof maskError>[0], error: unknown) =>
    maskError(formatted, requestScope.current()?.requestId, (cause) => log.error({ err: cause }, 'unexpected error'), unwrapResolverError(error));
}

export async function createSubgraphServer<L>(options: SubgraphServerOptions<L>): Promise<SubgraphServer> {
  const app = createServiceApp({ log: options.log, metrics: options.metrics, readiness: options.readiness });
  const httpServer = http.createServer(app);
  const attached = options.attach?.(httpServer);
  const apollo = new ApolloServer<RequestContext<L>>({
    schema: options.schema,
    introspection: options.introspection ?? true,
    includeStacktraceInErrorResponses: false,
    // runProcess owns signal handling and closes everything in order
    stopOnTerminationSignals: false,
    formatError: formatErrorFor(options.log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      operationMetricsPlugin(options.metrics),
      graphqlTracingPlugin(),
      ...(attached ? [{ async serverWillStart() { return { async drainServer() { await attached.dispose(); } }; } }] : []),
    ],
  });
  await apollo.start();
  options.routes?.(app);
  app.use(
    '/graphql',
    ...(options.graphqlMiddleware ?? []),
    express.json({ limit: options.bodyLimit ?? '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        options.context({ authorization: req.headers.authorization, requestId: requestScope.current()?.requestId, clientIp: req.ip }),
    }),
  );
  let closed = false;
  return {
    app,
    httpServer,
    listen: (port, host = '0.0.0.0') => listen(httpServer, port, host),
    async close() {
      if (closed) return;
      closed = true;
      await apollo.stop();
      await closeServer(httpServer);
      await options.onClose?.();
    },
  };
}
