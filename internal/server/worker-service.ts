import http from 'node:http';
import { createPrisma, type PrismaClient } from '../db/prisma.js';
import { createLogger, type Logger } from '../logger.js';
import { createMetrics, type Metrics } from '../metrics.js';
import { createRedis, type Redis } from '../redis.js';
import { closeServer, createServiceApp, listen, type ReadinessChecks } from './service.js';

/** A worker process as runProcess sees it: /health, /ready, /metrics on its port, and one close. */
export interface WorkerService {
  log: Logger;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export interface WorkerServiceOptions {
  log: Logger;
  metrics: Metrics;
  readiness: ReadinessChecks;
  /** stops the consumers (finishing or handing back the jobs in hand), then what they used; runs once */
  stop(): Promise<void>;
}

/** The HTTP side every BullMQ worker process shares; `close` stops the work first, then the port. */
export function createWorkerService(options: WorkerServiceOptions): WorkerService {
  const httpServer = http.createServer(createServiceApp({ log: options.log, metrics: options.metrics, readiness: options.readiness }));
  let closing: Promise<void> | null = null;
  return {
    log: options.log,
    listen: (port, host = '0.0.0.0') => listen(httpServer, port, host),
    close() {
      closing ??= (async () => {
        await options.stop();
        await closeServer(httpServer);
      })();
      return closing;
    },
  };
}

/** The variables every worker's config has. */
export interface WorkerBaseConfig {
  LOG_LEVEL: Parameters<typeof createLogger>[1];
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
  REDIS_URL: string;
}

/** What every worker process opens (its BullMQ connection among them), with /ready checks and one ordered close. */
export interface WorkerResources {
  log: Logger;
  metrics: Metrics;
  prisma: PrismaClient;
  /** the BullMQ connection (never gives up on a command) */
  connection: Redis;
  readiness: ReadinessChecks;
  /** runs `first` (stop the consumers and the worker's own resources), then lets go of Redis and the database */
  closeAfter(first: () => Promise<void>): () => Promise<void>;
}

export function openWorkerResources(name: string, config: WorkerBaseConfig): WorkerResources {
  const prisma = createPrisma(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const connection = createRedis(config.REDIS_URL, { name, forQueues: true });
  return {
    log: createLogger(name, config.LOG_LEVEL),
    metrics: createMetrics(name),
    prisma,
    connection,
    readiness: { database: () => prisma.$queryRaw`SELECT 1`, redis: () => connection.ping() },
    closeAfter: (first) => async () => {
      await first();
      connection.disconnect();
      await prisma.$disconnect();
    },
  };
}
