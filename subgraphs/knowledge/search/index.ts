export type { EmbeddingProvider, VectorHit, VectorQuery, VectorRecord, VectorStore } from './search.types.js';
export { OfflineHashEmbedder } from './offline-hash.embedder.js';
export { PostgresVectorStore, type PostgresVectorStoreOptions } from './postgres.vector-store.js';
export { VectorDimensionMismatch, VectorStoreError } from './vector-validation.js';
export { terms } from './text-features.js';
export { hybridMerge, type HybridHit, type HybridOptions, type KeywordHit } from './hybrid-merge.js';
export { WeaviateVectorStore, type WeaviateVectorStoreOptions } from './weaviate.vector-store.js';
