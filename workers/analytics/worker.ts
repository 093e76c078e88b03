import { createPrisma } from '../../internal/db/prisma.js';
import { createLogger } from '../../internal/logger.js';
import { createMetrics } from '../../internal/metrics.js';
import { createRedis } from '../../internal/redis.js';
import { createWorkerService, type WorkerService } from '../../internal/server/worker-service.js';
import { createAnalyticsServices } from '../../subgraphs/analytics/services.js';
import type { AnalyticsWorkerConfig } from './config.js';
import { createEventsConsumer } from './events.consumer.js';
import { createReportsConsumer } from './reports.consumer.js';

export type AnalyticsWorker = WorkerService;

/** The analytics worker: stores domain events and the weekly reports; /health, /ready, /metrics on PORT. */
export async function createAnalyticsWorker(config: AnalyticsWorkerConfig): Promise<AnalyticsWorker> {
  const log = createLogger('analytics-worker', config.LOG_LEVEL);
  const metrics = createMetrics('analytics-worker');
  const prisma = createPrisma(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const connection = createRedis(config.REDIS_URL, { name: 'analytics-worker', forQueues: true });
  const services = createAnalyticsServices(prisma, config.ANALYTICS_TIME_ZONE);
  const common = { connection, prefix: config.REDIS_KEY_PREFIX, log, registry: metrics.registry };

  const events = createEventsConsumer({ ...common, concurrency: config.ANALYTICS_EVENTS_CONCURRENCY, events: services.events });
  const reports = await createReportsConsumer({ ...common, cron: config.WEEKLY_REPORT_CRON, reports: services.reports });

  return createWorkerService({
    log,
    metrics,
    readiness: {
      database: () => prisma.$queryRaw`SELECT 1`,
      redis: () => connection.ping(),
      consumers: async () => {
        if (!events.isRunning() || !reports.worker.isRunning()) throw new Error('a consumer is not running');
      },
    },
    async stop() {
      // finish the jobs in hand, then let go of Redis and the database
      await Promise.all([events.close(), reports.worker.close()]);
      await reports.queue.close();
      connection.disconnect();
      await prisma.$disconnect();
    },
  });
}
