export type { EmbeddingProvider, VectorHit, VectorQuery, VectorRecord, VectorStore } from './search.types.js';
// embeddings
export { OfflineHashEmbedder } from './offline-hash.embedder.js';
export { OpenAiEmbedder, type OpenAiEmbedderOptions } from './openai.embedder.js';
export { GeminiEmbedder, type GeminiEmbedderOptions } from './gemini.embedder.js';
export { EmbeddingError, type RetryPolicy } from './embedding-http.js';
export { createEmbeddingProvider, embeddingEnv, embeddingProviderName, type EmbeddingConfig } from './embedding.config.js';
export { terms } from './text-features.js';
// vector stores
export { PostgresVectorStore, type PostgresVectorStoreOptions } from './postgres.vector-store.js';
export { WeaviateVectorStore, type WeaviateVectorStoreOptions } from './weaviate.vector-store.js';
export { VectorDimensionMismatch, VectorStoreError } from './vector-validation.js';
export { createVectorStore, vectorStoreEnv, vectorStoreName, type VectorStoreConfig, type VectorStoreDeps } from './vector-store.config.js';
// hybrid ranking
export { hybridMerge, type HybridHit, type HybridOptions, type KeywordHit } from './hybrid-merge.js';
