import { z } from 'zod';
import { env, loadConfig, subgraphEnv, type ConfigOf } from '../../internal/config/env.js';
import { serviceUrl } from '../../internal/config/services.js';

export const envShape = {
  ...subgraphEnv,
  PORT: env.port(4001),
  JWT_PRIVATE_KEY: z
    .string()
    .includes('PRIVATE KEY', { message: 'must be a PEM private key' })
    .optional()
    .describe('RS256 private key (PEM); when unset one is generated into BWENGE_DATA_DIR/keys on first start'),
  ACCESS_TOKEN_TTL_SECONDS: env.positiveInt(30 * 60),
  REFRESH_TOKEN_TTL_DAYS: env.positiveInt(7),
  INVITATION_TTL_HOURS: env.positiveInt(7 * 24),
  LOGIN_MAX_FAILURES_PER_EMAIL: env.positiveInt(5),
  LOGIN_MAX_FAILURES_PER_IP: env.positiveInt(30),
  LOGIN_THROTTLE_WINDOW_SECONDS: env.positiveInt(15 * 60),
  // invitations hold seats of the organization's plan (billing's quota API)
  BILLING_URL: serviceUrl('billing'),
};
export type IdentityConfig = ConfigOf<typeof envShape>;
export const loadIdentityConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(envShape, source);
