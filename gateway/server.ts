import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createJwksVerifier, type TokenVerifier } from '../internal/auth/verifier.js';
import { createLogger, type Logger } from '../internal/logger.js';
import { createMetrics } from '../internal/metrics.js';
import { RateLimiter } from '../internal/rate-limit.js';
import { createRedis } from '../internal/redis.js';
import { requestScope } from '../internal/request-scope.js';
import { graphqlTracingPlugin } from '../internal/tracing/http.js';
import { closeServer, createServiceApp, listen } from '../internal/server/service.js';
import { formatErrorFor, operationMetricsPlugin } from '../internal/server/subgraph.js';
import { authenticate, rateLimit } from './auth.middleware.js';
import { queryLimitsOf, subgraphEndpoints, type GatewayConfig } from './config.js';
import { SubgraphDataSource, type GatewayContext } from './datasource.js';
import { sendGraphQLError } from './http-errors.js';
import { mountPassthrough } from './passthrough.js';
import { queryLimitsPlugin } from './limits/query-limits.plugin.js';
import { attachSubscriptions } from './subscriptions/attach.js';
import { gatewayUploads } from './uploads/upload.middleware.js';

export interface Gateway {
  app: express.Express;
  httpServer: http.Server;
  log: Logger;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** supergraph SDL; read from SUPERGRAPH_PATH when not given */
  supergraphSdl?: string;
  /** token verifier; JWKS from JWKS_URL when not given */
  verifier?: TokenVerifier;
}

// On by default in development, off in production unless switched on.
const devDefault = (value: boolean | undefined, config: GatewayConfig) => value ?? config.NODE_ENV !== 'production';

function landingPage(config: GatewayConfig): ApolloServerPlugin {
  return devDefault(config.GRAPHQL_EXPLORER, config)
    ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
    : ApolloServerPluginLandingPageDisabled();
}

function corsOptions(config: GatewayConfig): cors.CorsOptions {
  const origins = config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  return {
    origin: origins.includes('*') ? true : origins,
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  };
}

/** Maps body-parser failures (too large, bad JSON) to GraphQL-shaped errors. */
function bodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction) {
  const type = (err as { type?: string })?.type;
  if (type === 'entity.too.large') return sendGraphQLError(res, 413, 'PAYLOAD_TOO_LARGE', 'Request body is too large');
  if (type === 'entity.parse.failed') return sendGraphQLError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
  next(err);
}

export async function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const log = createLogger('gateway', config.LOG_LEVEL);
  const metrics = createMetrics('gateway');
  const redis = createRedis(config.REDIS_URL, { name: 'gateway' });
  const verifier = options.verifier ?? createJwksVerifier(config.JWKS_URL);
  const supergraphSdl = options.supergraphSdl ?? (await readFile(path.resolve(config.SUPERGRAPH_PATH), 'utf8'));
  const endpoints = subgraphEndpoints(config);

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource(endpoints[name as keyof typeof endpoints] ?? url!, name),
  });

  const app = createServiceApp({
    log,
    metrics,
    readiness: { redis: () => redis.ping() },
  });
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: devDefault(config.GRAPHQL_INTROSPECTION, config),
    includeStacktraceInErrorResponses: false,
    // runProcess owns signal handling and closes everything in order
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    parseOptions: { maxTokens: config.MAX_TOKENS },
    formatError: formatErrorFor(log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      landingPage(config),
      operationMetricsPlugin(metrics),
      graphqlTracingPlugin(),
      queryLimitsPlugin(queryLimitsOf(config)),
    ],
  });
  await apollo.start();

  // plain HTTP routes of subgraphs on the gateway's host: signed avatar model files (so modelUrl can point
  // here), and Stripe's webhook, which signs the raw body and so streams to billing before any body parser runs
  mountPassthrough(
    app,
    [
      { prefix: '/assets/avatar', target: config.AVATAR_URL },
      { prefix: '/webhooks/stripe', target: config.BILLING_URL },
    ],
    log,
  );

  const limiter = new RateLimiter(redis, `${config.REDIS_KEY_PREFIX}:gateway:rate`, config.RATE_LIMIT_WINDOW_SECONDS);
  const rateLimits = { perIp: config.RATE_LIMIT_PER_IP, perUser: config.RATE_LIMIT_PER_USER };
  const subscriptions = attachSubscriptions({ config, supergraphSdl, endpoints, app, httpServer, apollo, verifier, limiter, rateLimits, metrics, log });
  app.use(
    '/graphql',
    cors(corsOptions(config)),
    authenticate(verifier, log),
    rateLimit(limiter, rateLimits, log),
    ...gatewayUploads({ maxFileBytes: config.MAX_UPLOAD_BYTES, maxFiles: config.MAX_UPLOAD_FILES, maxFieldBytes: config.MAX_BODY_BYTES }, log),
    express.json({ limit: config.MAX_BODY_BYTES }),
    bodyErrors,
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        requestId: requestScope.current()?.requestId ?? 'none',
        authorization: req.headers.authorization,
        clientIp: req.ip,
      }),
    }),
  );

  let closed = false;
  return {
    app,
    httpServer,
    log,
    listen: (port, host = '0.0.0.0') => listen(httpServer, port, host),
    async close() {
      if (closed) return;
      closed = true;
      await subscriptions.close();
      await apollo.stop();
      await closeServer(httpServer);
      redis.disconnect();
    },
  };
}
