/**
 * The one place the knowledge subgraph and the ingest worker take the
 * search-side adapters from (embedding provider, vector store, hybrid merge).
 * TEMPORARY: stand-ins until the ksearch branch lands, then re-exports.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EmbeddingProvider, VectorHit, VectorStore } from './search/search.types.js';

export const embeddingEnv = {
  EMBEDDING_PROVIDER: z.enum(['offline', 'openai', 'gemini']).default('offline').describe('offline, openai or gemini'),
};
export const vectorStoreEnv = {
  VECTOR_STORE: z.enum(['embedded', 'weaviate']).default('embedded').describe('embedded or weaviate'),
};

/** Hashed bag of words: a stand-in, no semantics beyond shared words. */
export function createEmbeddingProvider(_config: unknown): EmbeddingProvider {
  const dimension = 256;
  return {
    model: 'standin-hash-v0',
    dimension,
    async embed(texts) {
      return texts.map((text) => {
        const vector = new Float32Array(dimension);
        for (const word of text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)) {
          vector[createHash('md5').update(word).digest().readUInt32LE(0) % dimension]! += 1;
        }
        const norm = Math.hypot(...vector) || 1;
        return vector.map((v) => v / norm);
      });
    },
  };
}

export function createVectorStore(_config: unknown, _deps: unknown): VectorStore {
  return { upsert: async () => undefined, deleteSource: async () => undefined, query: async () => [], close: async () => undefined };
}

export interface KeywordHit {
  chunkId: string;
  sourceId: string;
  score: number;
}

export function hybridMerge(vectorHits: VectorHit[], keywordHits: KeywordHit[], options: { vectorWeight: number }) {
  const scores = new Map<string, { chunkId: string; sourceId: string; score: number }>();
  const maxKeyword = Math.max(1e-9, ...keywordHits.map((h) => h.score));
  for (const hit of vectorHits) scores.set(hit.chunkId, { ...hit, score: options.vectorWeight * Math.max(0, hit.score) });
  for (const hit of keywordHits) {
    const prior = scores.get(hit.chunkId);
    const add = (1 - options.vectorWeight) * (hit.score / maxKeyword);
    scores.set(hit.chunkId, { chunkId: hit.chunkId, sourceId: hit.sourceId, score: (prior?.score ?? 0) + add });
  }
  return [...scores.values()].sort((a, b) => b.score - a.score);
}
