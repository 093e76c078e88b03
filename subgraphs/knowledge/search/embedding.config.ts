import { z } from 'zod';
import { env, type ConfigOf } from '../../../internal/config/env.js';
import { GeminiEmbedder } from './gemini.embedder.js';
import { OfflineHashEmbedder } from './offline-hash.embedder.js';
import { OpenAiEmbedder } from './openai.embedder.js';
import type { EmbeddingProvider } from './search.types.js';

const apiKey = (name: string) => z.string().min(1).optional().describe(`${name} API key; ${name} embeddings are used only when it is set (or EMBEDDING_PROVIDER names ${name})`);

/** Embedding variables, spread into the knowledge subgraph's and the ingest worker's envShape. */
export const embeddingEnv = {
  EMBEDDING_PROVIDER: z
    .enum(['AUTO', 'OFFLINE', 'OPENAI', 'GEMINI'])
    .default('AUTO')
    .describe('AUTO (OpenAI when OPENAI_API_KEY is set, else Gemini when GEMINI_API_KEY is set, else offline), OFFLINE, OPENAI or GEMINI'),
  OPENAI_API_KEY: apiKey('OpenAI'),
  OPENAI_BASE_URL: env.url('OpenAI API base URL, e.g. https://api.openai.com/v1').default('https://api.openai.com/v1'),
  OPENAI_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small').describe('OpenAI embedding model'),
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().optional().describe('shortened OpenAI embedding size (text-embedding-3 models); unset = the model’s own'),
  GEMINI_API_KEY: apiKey('Gemini'),
  GEMINI_BASE_URL: env
    .url('Gemini API base URL, e.g. https://generativelanguage.googleapis.com/v1beta')
    .default('https://generativelanguage.googleapis.com/v1beta'),
  GEMINI_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-004').describe('Gemini embedding model'),
  EMBEDDING_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(4).describe('retries per embedding request on HTTP 429, 5xx and network failures'),
  EMBEDDING_RETRY_BASE_MS: env.positiveInt(500).describe('first embedding retry delay (ms); doubles each retry, with jitter'),
};
export type EmbeddingConfig = ConfigOf<typeof embeddingEnv>;

/** Which provider the configuration selects (AUTO resolved). */
export function embeddingProviderName(config: EmbeddingConfig): 'OFFLINE' | 'OPENAI' | 'GEMINI' {
  if (config.EMBEDDING_PROVIDER !== 'AUTO') return config.EMBEDDING_PROVIDER;
  if (config.OPENAI_API_KEY) return 'OPENAI';
  if (config.GEMINI_API_KEY) return 'GEMINI';
  return 'OFFLINE';
}

export function createEmbeddingProvider(config: EmbeddingConfig): EmbeddingProvider {
  const retry = { maxRetries: config.EMBEDDING_MAX_RETRIES, baseDelayMs: config.EMBEDDING_RETRY_BASE_MS };
  switch (embeddingProviderName(config)) {
    case 'OPENAI':
      if (!config.OPENAI_API_KEY) throw new Error('EMBEDDING_PROVIDER=OPENAI needs OPENAI_API_KEY');
      return new OpenAiEmbedder({
        apiKey: config.OPENAI_API_KEY,
        baseUrl: config.OPENAI_BASE_URL,
        model: config.OPENAI_EMBEDDING_MODEL,
        dimensions: config.OPENAI_EMBEDDING_DIMENSIONS,
        retry,
      });
    case 'GEMINI':
      if (!config.GEMINI_API_KEY) throw new Error('EMBEDDING_PROVIDER=GEMINI needs GEMINI_API_KEY');
      return new GeminiEmbedder({ apiKey: config.GEMINI_API_KEY, baseUrl: config.GEMINI_BASE_URL, model: config.GEMINI_EMBEDDING_MODEL, retry });
    case 'OFFLINE':
      return new OfflineHashEmbedder();
  }
}
