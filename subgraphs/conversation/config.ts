import { z } from 'zod';
import { env, loadConfig, subgraphEnv, type ConfigOf } from '../../internal/config/env.js';
import { serviceUrl } from '../../internal/config/services.js';

export const envShape = {
  ...subgraphEnv,
  PORT: env.port(4004),
  PERSONA_URL: serviceUrl('persona'),
  BILLING_URL: serviceUrl('billing'),
  MAX_MESSAGE_CHARS: env.positiveInt(4_000),
  HISTORY_MESSAGES: env.positiveInt(12),
  REPLY_TIMEOUT_MS: env.positiveInt(120_000),
  REPLY_ABANDON_MS: env.positiveInt(15_000),
  REPLY_LOCK_MS: env
    .positiveInt(10_000)
    .describe('TTL of the per-conversation reply lock, renewed by the producer every third of it (ms); a reply silent this long whose producer died ends with ERROR INTERRUPTED'),
  TOKEN_COALESCE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(25)
    .describe('token deltas arriving within this window are sent as one TOKEN event (ms; 0 sends each delta alone)'),
};
export type ConversationConfig = ConfigOf<typeof envShape>;
export const loadConversationConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(envShape, source);
