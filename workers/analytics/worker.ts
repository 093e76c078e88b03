import { createWorkerService, openWorkerResources, type WorkerService } from '../../internal/server/worker-service.js';
import { createAnalyticsServices } from '../../subgraphs/analytics/services.js';
import type { AnalyticsWorkerConfig } from './config.js';
import { createEventsConsumer } from './events.consumer.js';
import { createReportsConsumer } from './reports.consumer.js';

export type AnalyticsWorker = WorkerService;

/** The analytics worker: stores domain events and the weekly reports; /health, /ready, /metrics on PORT. */
export async function createAnalyticsWorker(config: AnalyticsWorkerConfig): Promise<AnalyticsWorker> {
  const resources = openWorkerResources('analytics-worker', config);
  const { log, metrics, prisma, connection } = resources;
  const services = createAnalyticsServices(prisma, config.ANALYTICS_TIME_ZONE);
  const common = { connection, prefix: config.REDIS_KEY_PREFIX, log, registry: metrics.registry };

  const events = createEventsConsumer({ ...common, concurrency: config.ANALYTICS_EVENTS_CONCURRENCY, events: services.events });
  const reports = await createReportsConsumer({ ...common, cron: config.WEEKLY_REPORT_CRON, reports: services.reports });

  return createWorkerService({
    log,
    metrics,
    readiness: {
      ...resources.readiness,
      consumers: async () => {
        if (!events.isRunning() || !reports.worker.isRunning()) throw new Error('a consumer is not running');
      },
    },
    // finish the jobs in hand, then let go of Redis and the database
    stop: resources.closeAfter(async () => {
      await Promise.all([events.close(), reports.worker.close()]);
      await reports.queue.close();
    }),
  });
}
