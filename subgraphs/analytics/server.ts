import { createContextFactory } from '../../internal/graphql/context.js';
import { instanceContainer } from '../../internal/graphql/container.js';
import type { Logger } from '../../internal/logger.js';
import { createSubgraphServer, type SubgraphServer } from '../../internal/server/subgraph.js';
import { openSubgraphResources } from '../../internal/server/subgraph-resources.js';
import type { AnalyticsConfig } from './config.js';
import type { AnalyticsLoaders } from './context.js';
import { DashboardResolver } from './dashboard/dashboard.resolver.js';
import { EventResolver } from './event/event.resolver.js';
import { createMemberLoader, createProgressLoader } from './progress/progress.loader.js';
import { ProgressResolver, UserProgressResolver } from './progress/progress.resolver.js';
import { WeeklyReportResolver } from './report/weekly-report.resolver.js';
import { buildSchema } from './schema.js';
import { createAnalyticsServices } from './services.js';

export interface AnalyticsServer extends SubgraphServer {
  log: Logger;
}

/** Builds the analytics subgraph (nothing listens until `listen`). */
export async function createAnalyticsServer(config: AnalyticsConfig): Promise<AnalyticsServer> {
  const resources = openSubgraphResources('analytics', config);
  const { log, metrics, prisma, verifier } = resources;
  const services = createAnalyticsServices(prisma, config.ANALYTICS_TIME_ZONE);

  const schema = await buildSchema(
    instanceContainer([
      new EventResolver(services.events, config.TRACK_EVENT_MAX_PAYLOAD_BYTES),
      new WeeklyReportResolver(services.reports),
      new ProgressResolver(),
      new UserProgressResolver(),
      new DashboardResolver(services.dashboards),
    ]),
  );
  const context = createContextFactory<AnalyticsLoaders>({
    verifier,
    log,
    createLoaders: ({ claims }) => ({
      progress: createProgressLoader(services.progress, claims?.org),
      member: createMemberLoader(services.progress, claims?.org),
    }),
  });

  const server = await createSubgraphServer({
    name: 'analytics',
    log,
    metrics,
    schema,
    context,
    readiness: resources.readiness,
    onClose: resources.closeAfter(),
  });
  return { ...server, log };
}
