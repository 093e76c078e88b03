import type pg from 'pg';
import { z } from 'zod';
import { env, type ConfigOf } from '../../../internal/config/env.js';
import { PostgresVectorStore } from './postgres.vector-store.js';
import type { VectorStore } from './search.types.js';
import { WeaviateVectorStore } from './weaviate.vector-store.js';

/** Vector store variables, spread into the knowledge subgraph's and the ingest worker's envShape. */
export const vectorStoreEnv = {
  VECTOR_STORE: z
    .enum(['AUTO', 'EMBEDDED', 'WEAVIATE'])
    .default('AUTO')
    .describe('AUTO (Weaviate when WEAVIATE_URL is set, else embedded in PostgreSQL), EMBEDDED or WEAVIATE'),
  WEAVIATE_URL: env.url('Weaviate base URL, e.g. http://weaviate:8080').optional(),
  WEAVIATE_API_KEY: z.string().min(1).optional().describe('Weaviate API key, when the server asks for one'),
  VECTOR_CACHE_MB: env.positiveInt(256).describe('embedded store: memory for cached personas’ vectors (MB; 100k vectors of 256 floats take ~100 MB)'),
};
export type VectorStoreConfig = ConfigOf<typeof vectorStoreEnv>;

export interface VectorStoreDeps {
  /** the embedded store's database: the process's pool, or a URL it opens its own pool on */
  pool?: pg.Pool;
  databaseUrl?: string;
}

export function vectorStoreName(config: VectorStoreConfig): 'EMBEDDED' | 'WEAVIATE' {
  if (config.VECTOR_STORE !== 'AUTO') return config.VECTOR_STORE;
  return config.WEAVIATE_URL ? 'WEAVIATE' : 'EMBEDDED';
}

export function createVectorStore(config: VectorStoreConfig, deps: VectorStoreDeps): VectorStore {
  if (vectorStoreName(config) === 'WEAVIATE') {
    if (!config.WEAVIATE_URL) throw new Error('VECTOR_STORE=WEAVIATE needs WEAVIATE_URL');
    return new WeaviateVectorStore({ url: config.WEAVIATE_URL, apiKey: config.WEAVIATE_API_KEY });
  }
  return new PostgresVectorStore({ pool: deps.pool, databaseUrl: deps.databaseUrl, cacheBytes: config.VECTOR_CACHE_MB * 1024 * 1024 });
}
