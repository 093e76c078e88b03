import { z } from 'zod';
import { env, loadConfig, subgraphEnv, type ConfigOf } from '../../internal/config/env.js';

/** An IANA zone both Node (Intl) and PostgreSQL (AT TIME ZONE) know, e.g. Africa/Kigali. */
export const timeZone = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((zone) => isTimeZone(zone), { message: 'not a known IANA time zone' })
    .describe('IANA time zone of the organizations, e.g. Africa/Kigali');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Read by the analytics subgraph and the analytics worker: reports must agree on days and weeks. */
export const analyticsEnv = {
  ANALYTICS_TIME_ZONE: timeZone('Africa/Kigali'),
};

export const envShape = {
  ...subgraphEnv,
  ...analyticsEnv,
  PORT: env.port(4006),
  TRACK_EVENT_MAX_PAYLOAD_BYTES: env.positiveInt(4096).describe('largest trackEvent payload, in bytes of JSON'),
};
export type AnalyticsConfig = ConfigOf<typeof envShape>;
export const loadAnalyticsConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(envShape, source);
