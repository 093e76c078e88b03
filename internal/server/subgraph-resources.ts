import { createJwksVerifier, type TokenVerifier } from '../auth/verifier.js';
import { createPrisma, type PrismaClient } from '../db/prisma.js';
import { createEventPublisher, type EventPublisher } from '../events/events.js';
import { createLogger, type Logger } from '../logger.js';
import { createMetrics, type Metrics } from '../metrics.js';
import { createRedis, type Redis } from '../redis.js';
import type { ReadinessChecks } from './service.js';

/** The variables every subgraph's config has (subgraphEnv). */
export interface SubgraphBaseConfig {
  LOG_LEVEL: Parameters<typeof createLogger>[1];
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
  REDIS_URL: string;
  REDIS_KEY_PREFIX: string;
  JWKS_URL: string;
}

/** What every subgraph process opens, with its readiness checks and one ordered close. */
export interface SubgraphResources {
  log: Logger;
  metrics: Metrics;
  prisma: PrismaClient;
  /** domain events (the queue connection opens on the first publish) */
  events: EventPublisher;
  verifier: TokenVerifier;
  /** the process's Redis connection, opened on first call; once opened, /ready checks it */
  redis(): Redis;
  readiness: ReadinessChecks;
  /** runs `first` (the subgraph's own closers), then closes events, Redis and the database */
  closeAfter(first?: () => Promise<void>): () => Promise<void>;
}

export function openSubgraphResources(name: string, config: SubgraphBaseConfig, options: { verifier?: TokenVerifier } = {}): SubgraphResources {
  const log = createLogger(name, config.LOG_LEVEL);
  const prisma = createPrisma(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const events = createEventPublisher({ redisUrl: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX }, log);
  const readiness: ReadinessChecks = { database: () => prisma.$queryRaw`SELECT 1` };
  let redis: Redis | null = null;
  return {
    log,
    metrics: createMetrics(name),
    prisma,
    events,
    verifier: options.verifier ?? createJwksVerifier(config.JWKS_URL),
    readiness,
    redis() {
      if (!redis) {
        const opened = createRedis(config.REDIS_URL, { name });
        readiness.redis = () => opened.ping();
        redis = opened;
      }
      return redis;
    },
    closeAfter: (first) => async () => {
      await first?.();
      await events.close();
      redis?.disconnect();
      await prisma.$disconnect();
    },
  };
}
