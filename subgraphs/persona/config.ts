import { z } from 'zod';
import { env, loadConfig, subgraphEnv, type ConfigOf } from '../../internal/config/env.js';
import { serviceUrl } from '../../internal/config/services.js';

const providerName = z.enum(['OFFLINE', 'OPENAI', 'GEMINI']);
const apiKey = (name: string) => z.string().min(1).optional().describe(`${name} API key; the ${name} provider is used only when it is set`);

export const envShape = {
  ...subgraphEnv,
  PORT: env.port(4003),
  KNOWLEDGE_URL: serviceUrl('knowledge'),
  OPENAI_API_KEY: apiKey('OpenAI'),
  OPENAI_BASE_URL: env.url('OpenAI API base URL, e.g. https://api.openai.com/v1').default('https://api.openai.com/v1'),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini').describe('OpenAI chat model used when a persona names none'),
  GEMINI_API_KEY: apiKey('Gemini'),
  GEMINI_BASE_URL: env
    .url('Gemini API base URL, e.g. https://generativelanguage.googleapis.com/v1beta')
    .default('https://generativelanguage.googleapis.com/v1beta'),
  GEMINI_MODEL: z.string().min(1).default('gemini-2.0-flash').describe('Gemini model used when a persona names none'),
  LLM_FALLBACK: providerName
    .default('OFFLINE')
    .describe('provider tried when the persona’s own provider fails or has no key: OFFLINE, OPENAI or GEMINI'),
  LLM_TIMEOUT_MS: env.positiveInt(30_000).describe('per attempt: time allowed without a new token before the call is abandoned (ms)'),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2).describe('retries per provider on HTTP 429 and 5xx'),
  LLM_RETRY_BASE_MS: env.positiveInt(250).describe('first retry delay (ms); doubles each retry, with jitter'),
  RAG_TOP_K: env.positiveInt(8).describe('chunks retrieved per question'),
  RAG_CONTEXT_TOKENS: env.positiveInt(1_500).describe('token budget of the retrieved context in a prompt'),
  RAG_MIN_SCORE: z.coerce.number().min(0).default(0).describe('retrieved chunks scoring below this are ignored'),
  HISTORY_MAX_MESSAGES: env.positiveInt(10).describe('most recent conversation messages included in a prompt'),
};
export type PersonaConfig = ConfigOf<typeof envShape>;
export const loadPersonaConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(envShape, source);
