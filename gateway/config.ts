import { z } from 'zod';
import { env, loadConfig, serviceEnv, type ConfigOf } from '../internal/config/env.js';
import { SUBGRAPH_NAMES, serviceUrl, serviceUrlVar, type SubgraphName } from '../internal/config/services.js';
import type { QueryLimits } from './limits/query-limits.plugin.js';

const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [serviceUrlVar(name), serviceUrl(name)])) as Record<
  `${Uppercase<SubgraphName>}_URL`,
  ReturnType<typeof serviceUrl>
>;

export const envShape = {
  ...serviceEnv,
  GATEWAY_PORT: env.port(4000),
  JWKS_URL: env.jwksUrl,
  SUPERGRAPH_PATH: z.string().min(1).default('schema/supergraph.graphql').describe('path of the composed supergraph SDL'),
  ...subgraphUrls,
  GRAPHQL_INTROSPECTION: env.optionalFlag.describe('true or false; default: on unless NODE_ENV=production'),
  GRAPHQL_EXPLORER: env.optionalFlag.describe('Apollo Sandbox landing page; default: on unless NODE_ENV=production'),
  CORS_ORIGINS: z.string().default('*').describe('comma-separated allowed origins, or * for any'),
  MAX_BODY_BYTES: env.positiveInt(1_048_576),
  MAX_UPLOAD_BYTES: env.positiveInt(100 * 1024 * 1024).describe('largest file, in bytes, one multipart upload may carry (positive integer)'),
  MAX_UPLOAD_FILES: env.positiveInt(5).describe('most files one multipart request may carry (positive integer)'),
  MAX_SUBSCRIPTIONS_PER_CONNECTION: env
    .positiveInt(100)
    .describe('most subscriptions one graphql-ws connection may hold at once (positive integer)'),
  SUBSCRIPTION_KEEPALIVE_MS: env
    .positiveInt(12_000)
    .describe('ms between WebSocket pings to clients and subgraphs; a peer that misses a pong for as long is dropped'),
  SUBSCRIPTION_UPSTREAM_RETRIES: z.coerce
    .number()
    .int()
    .min(0)
    .default(5)
    .describe('reconnect attempts to a subgraph before a waiting subscription fails (integer >= 0; backoff 250 ms doubling, at most 4 s)'),
  MAX_DEPTH: env.positiveInt(10),
  MAX_ALIASES: env.positiveInt(15),
  MAX_DIRECTIVES: env.positiveInt(50),
  MAX_TOKENS: env.positiveInt(2_000),
  MAX_COST: env.positiveInt(5_000),
  RATE_LIMIT_WINDOW_SECONDS: env.positiveInt(60),
  RATE_LIMIT_PER_IP: env.positiveInt(600),
  RATE_LIMIT_PER_USER: env.positiveInt(300),
};
export type GatewayConfig = ConfigOf<typeof envShape>;
export const loadGatewayConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(envShape, source);

/** Where each subgraph answers GraphQL, from the `<NAME>_URL` variables. */
export function subgraphEndpoints(config: GatewayConfig): Record<SubgraphName, string> {
  return Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, `${String(config[serviceUrlVar(name) as keyof GatewayConfig]).replace(/\/$/, '')}/graphql`]),
  ) as Record<SubgraphName, string>;
}

/** The operation limits, for HTTP (Apollo plugin) and graphql-ws alike. */
export const queryLimitsOf = (config: GatewayConfig): QueryLimits => ({
  maxDepth: config.MAX_DEPTH,
  maxAliases: config.MAX_ALIASES,
  maxDirectives: config.MAX_DIRECTIVES,
  maxCost: config.MAX_COST,
});
