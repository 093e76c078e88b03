import { z } from 'zod';
import { env, loadConfig, serviceEnv, subgraphEnv, type ConfigOf } from '../../internal/config/env.js';
import { analyticsEnv } from '../../subgraphs/analytics/config.js';

export const envShape = {
  ...serviceEnv,
  ...analyticsEnv,
  DATABASE_URL: subgraphEnv.DATABASE_URL,
  DATABASE_POOL_SIZE: subgraphEnv.DATABASE_POOL_SIZE,
  PORT: env.port(4011),
  ANALYTICS_EVENTS_CONCURRENCY: env.positiveInt(64).describe('domain events in hand at once (also the largest INSERT batch)'),
  WEEKLY_REPORT_CRON: z
    .string()
    .regex(/^\S+( \S+){4,5}$/, 'a cron pattern of 5 or 6 fields')
    .default('30 0 * * 1')
    .describe('when the weekly reports are stored, in ANALYTICS_TIME_ZONE (default: Mondays 00:30)'),
};
export type AnalyticsWorkerConfig = ConfigOf<typeof envShape>;
export const loadAnalyticsWorkerConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(envShape, source);
