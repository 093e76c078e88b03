import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { Express } from 'express';
import { Gauge } from 'prom-client';
import type { TokenVerifier } from '../../internal/auth/verifier.js';
import type { Logger } from '../../internal/logger.js';
import type { Metrics } from '../../internal/metrics.js';
import type { RateLimiter } from '../../internal/rate-limit.js';
import type { RateLimits } from '../auth.middleware.js';
import { queryLimitsOf, type GatewayConfig } from '../config.js';
import type { GatewayContext } from '../datasource.js';
import { OperationCache } from './operation-cache.js';
import { SubscriptionRouter } from './routing.js';
import { UpstreamPool } from './upstream.js';
import { attachGatewaySubscriptions } from './ws-server.js';

export interface SubscriptionsDeps {
  config: GatewayConfig;
  supergraphSdl: string;
  /** GraphQL endpoint per known subgraph, from `<NAME>_URL` */
  endpoints: Readonly<Record<string, string>>;
  app: Express;
  httpServer: http.Server;
  apollo: ApolloServer<GatewayContext>;
  verifier: TokenVerifier;
  limiter: RateLimiter;
  rateLimits: RateLimits;
  metrics: Metrics;
  log: Logger;
}

/** http(s)://host/graphql → ws(s)://host/graphql */
const toWebSocketUrl = (url: string) => url.replace(/^http/, 'ws');

/**
 * The gateway's subscription side: routing from the supergraph, one
 * upstream graphql-ws client per subgraph, the client-facing graphql-ws
 * server on /graphql, and gauges of connections and subscriptions.
 */
export function attachSubscriptions(deps: SubscriptionsDeps): { close(): Promise<void> } {
  const { config, log } = deps;
  const router = new SubscriptionRouter(deps.supergraphSdl);
  const upstream = new UpstreamPool(
    (subgraph) => toWebSocketUrl(deps.endpoints[subgraph] ?? router.routingUrls.get(subgraph) ?? ''),
    { keepAliveMs: config.SUBSCRIPTION_KEEPALIVE_MS, retryAttempts: config.SUBSCRIPTION_UPSTREAM_RETRIES, log },
  );
  const server = attachGatewaySubscriptions({
    httpServer: deps.httpServer,
    app: deps.app,
    apollo: deps.apollo,
    operations: new OperationCache(router, config.MAX_TOKENS),
    upstream,
    verifier: deps.verifier,
    limiter: deps.limiter,
    rateLimits: deps.rateLimits,
    queryLimits: queryLimitsOf(config),
    maxSubscriptionsPerConnection: config.MAX_SUBSCRIPTIONS_PER_CONNECTION,
    keepAliveMs: config.SUBSCRIPTION_KEEPALIVE_MS,
    maxPayloadBytes: config.MAX_BODY_BYTES,
    log,
  });
  new Gauge({
    name: 'graphql_ws_connections',
    help: 'Open graphql-ws connections from clients',
    registers: [deps.metrics.registry],
    collect() {
      this.set(server.stats().connections);
    },
  });
  new Gauge({
    name: 'graphql_ws_subscriptions',
    help: 'Running subscriptions, by the subgraph they are forwarded to',
    labelNames: ['subgraph'],
    registers: [deps.metrics.registry],
    collect() {
      this.reset();
      for (const [subgraph, size] of Object.entries(upstream.sizes())) this.set({ subgraph }, size);
    },
  });
  return {
    async close() {
      await server.dispose();
      await upstream.close();
    },
  };
}
