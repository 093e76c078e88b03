/**
 * The one place the knowledge subgraph and the ingest worker take the
 * search-side adapters from (embedding provider, vector store, hybrid merge).
 * TEMPORARY wiring until the search branch's factories (createEmbeddingProvider,
 * createVectorStore and their env fragments) land: the offline embedder and
 * the embedded PostgreSQL vector store.
 */
import { z } from 'zod';
import { OfflineHashEmbedder, PostgresVectorStore } from './search/index.js';
import type { EmbeddingProvider, VectorStore } from './search/search.types.js';

export { hybridMerge } from './search/index.js';

export const embeddingEnv = {
  EMBEDDING_PROVIDER: z.enum(['offline']).default('offline').describe('offline (feature hashing, no network)'),
};
export const vectorStoreEnv = {
  VECTOR_STORE: z.enum(['embedded']).default('embedded').describe('embedded (PostgreSQL table, exact in-memory scan)'),
  VECTOR_CACHE_MB: z.coerce.number().int().positive().default(256).describe('memory for cached vector sets, in MB'),
};

export function createEmbeddingProvider(_config: { EMBEDDING_PROVIDER: string }): EmbeddingProvider {
  return new OfflineHashEmbedder();
}

export function createVectorStore(config: { VECTOR_CACHE_MB: number; DATABASE_URL: string }, _deps: unknown): VectorStore {
  return new PostgresVectorStore({ databaseUrl: config.DATABASE_URL, poolSize: 4, cacheBytes: config.VECTOR_CACHE_MB * 1024 * 1024 });
}
