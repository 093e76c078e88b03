import type { PrismaClient } from '../../internal/db/prisma.js';

/** The only Prisma models the analytics subgraph and its worker may touch. */
export type AnalyticsDb = Pick<PrismaClient, 'analyticsEvent' | 'analyticsUser' | 'analyticsWeeklyReport' | '$transaction' | '$queryRaw' | '$executeRaw'>;
