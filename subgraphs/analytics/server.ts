import { createContextFactory } from '../../internal/graphql/context.js';
import { instanceContainer } from '../../internal/graphql/container.js';
import { createLogger, type Logger } from '../../internal/logger.js';
import { createMetrics } from '../../internal/metrics.js';
import { createPrisma } from '../../internal/db/prisma.js';
import { createJwksVerifier } from '../../internal/auth/verifier.js';
import { createSubgraphServer, type SubgraphServer } from '../../internal/server/subgraph.js';
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
  const log = createLogger('analytics', config.LOG_LEVEL);
  const metrics = createMetrics('analytics');
  const prisma = createPrisma(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
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
    verifier: createJwksVerifier(config.JWKS_URL),
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
    readiness: { database: () => prisma.$queryRaw`SELECT 1` },
    onClose: () => prisma.$disconnect(),
  });
  return { ...server, log };
}
