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
};
export type ConversationConfig = ConfigOf<typeof envShape>;
export const loadConversationConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(envShape, source);
