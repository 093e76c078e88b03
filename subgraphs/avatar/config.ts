import { z } from 'zod';
import { env, loadConfig, subgraphEnv, type ConfigOf } from '../../internal/config/env.js';
import { serviceUrl } from '../../internal/config/services.js';

export const envShape = {
  ...subgraphEnv,
  PORT: env.port(4005),
  PERSONA_URL: serviceUrl('persona'),
  PUBLIC_BASE_URL: z
    .url({ message: 'must be a URL' })
    .default('http://localhost:4000')
    .describe('origin clients reach the gateway at (e.g. https://api.bwenge.rw); signed model URLs point there'),
  AVATAR_MAX_BYTES: z.coerce.number().int().positive().max(2_000_000_000).default(50 * 1024 * 1024).describe('largest model upload in bytes (default 50 MiB)'),
  AVATAR_URL_TTL_SECONDS: env.positiveInt(3600),
  AVATAR_URL_SIGNING_KEY: z
    .string()
    .min(32, { message: 'must be at least 32 characters' })
    .optional()
    .describe('HMAC key of signed model URLs, at least 32 characters (e.g. `openssl rand -base64 32`), shared by every replica; when unset one is generated into BWENGE_DATA_DIR/keys'),
  ASSET_CORS_ORIGINS: z.string().default('*').describe('origins allowed to fetch model files, comma-separated, or * for any'),
};
export type AvatarConfig = ConfigOf<typeof envShape>;
export const loadAvatarConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(envShape, source);
