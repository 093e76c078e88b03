import type { Logger } from '../../../internal/logger.js';
import { hybridMerge } from './hybrid-merge.js';
import type { KeywordHit } from './hybrid-merge.js';
import type { HitReader, HitRow } from './hit-reader.js';
import type { EmbeddingProvider, VectorHit, VectorStore } from './search.types.js';

export interface ScoredChunk extends HitRow {
  score: number;
}

export interface SearchOptions {
  /** SEARCH_VECTOR_WEIGHT: share of the vector side in the hybrid score */
  vectorWeight: number;
  log: Logger;
}

/** The keyword side: KeywordIndexStore (in memory, BM25), or ChunkService's full-text SQL. */
export interface KeywordSearcher {
  search(orgId: string, personaId: string, query: string, limit: number): Promise<KeywordHit[]>;
}

/** Each side fetches more than asked, so the merge can reorder them. */
const CANDIDATES = (limit: number) => Math.max(limit * 2, 20);

/**
 * Hybrid search within one organization and persona: vectors of the current
 * embedding model (a source embedded with another model has none of those,
 * so it is found by keywords only until it is reindexed — never a dimension
 * error) plus keywords (PostgreSQL's lexemes, ranked by KeywordSearcher), merged with weights.
 */
export class KnowledgeSearch {
  constructor(
    private readonly hits: Pick<HitReader, 'read'>,
    private readonly keywords: KeywordSearcher,
    private readonly vectors: VectorStore,
    private readonly embedder: EmbeddingProvider,
    private readonly options: SearchOptions,
  ) {}

  async search(orgId: string, personaId: string, query: string, limit: number): Promise<ScoredChunk[]> {
    const [vectorHits, keywordHits] = await Promise.all([
      this.vectorSide(orgId, personaId, query, CANDIDATES(limit)),
      this.keywords.search(orgId, personaId, query, CANDIDATES(limit)),
    ]);
    // a score of 0 is no evidence at all (a vector hit with no similarity): never returned
    const merged = hybridMerge(vectorHits, keywordHits, { vectorWeight: this.options.vectorWeight })
      .filter((hit) => hit.score > 0)
      .slice(0, limit);
    const rows = new Map((await this.hits.read(orgId, personaId, merged.map((hit) => hit.chunkId))).map((row) => [row.id, row]));
    // a vector whose chunk or source was just replaced or deleted has no row: dropped
    return merged.flatMap((hit) => {
      const row = rows.get(hit.chunkId);
      return row ? [{ ...row, score: hit.score }] : [];
    });
  }

  private async vectorSide(orgId: string, personaId: string, query: string, limit: number): Promise<VectorHit[]> {
    try {
      const [vector] = await this.embedder.embed([query]);
      return await this.vectors.query({ orgId, personaId, model: this.embedder.model, vector: vector!, limit });
    } catch (err) {
      // the keyword side still answers when the embedding API or the vector store is down
      this.options.log.warn({ err }, 'vector search failed; answering from keywords only');
      return [];
    }
  }
}
