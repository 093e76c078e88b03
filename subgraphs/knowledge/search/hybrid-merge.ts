import type { VectorHit } from './search.types.js';

/** A keyword hit: BM25 or PostgreSQL `ts_rank` (any non-negative scale). */
export interface KeywordHit {
  chunkId: string;
  sourceId: string;
  score: number;
}

export interface HybridHit {
  chunkId: string;
  sourceId: string;
  /** weighted sum of the two normalized scores, 0..1 */
  score: number;
  /** normalized vector side, 0..1 (0 when the vector side did not return the chunk) */
  vectorScore: number;
  /** normalized keyword side, 0..1 (0 when the keyword side did not return the chunk) */
  keywordScore: number;
}

export interface HybridOptions {
  /** weight of the vector side, 0..1; the keyword side gets 1 − vectorWeight */
  vectorWeight?: number;
  /** keep only the best `limit` (all when absent) */
  limit?: number;
}

/**
 * Merges vector and keyword hits into one ranking:
 *
 *   vector  v = max(0, cosine)            (negative similarity is no evidence)
 *   keyword k = score / best score        (BM25 or ts_rank; the best keyword hit of the query gets 1)
 *   score     = w·v + (1 − w)·k           (w = vectorWeight, default 0.7)
 *
 * A chunk found by one side only gets 0 from the other. Union by chunkId;
 * sorted by score, then chunkId so equal scores keep a stable order.
 * Cosine is clamped rather than mapped with (c + 1)/2, which would hand an
 * unrelated vector hit (cosine 0) 0.35 and rank it above the best keyword match.
 */
export function hybridMerge(vectorHits: VectorHit[], keywordHits: KeywordHit[], options: HybridOptions = {}): HybridHit[] {
  const weight = options.vectorWeight ?? 0.7;
  if (!(weight >= 0 && weight <= 1)) throw new RangeError(`vectorWeight must be between 0 and 1, got ${weight}`);
  const merged = new Map<string, HybridHit>();
  const entry = (chunkId: string, sourceId: string) => {
    let hit = merged.get(chunkId);
    if (!hit) merged.set(chunkId, (hit = { chunkId, sourceId, score: 0, vectorScore: 0, keywordScore: 0 }));
    return hit;
  };
  for (const hit of vectorHits) {
    const e = entry(hit.chunkId, hit.sourceId);
    e.vectorScore = Math.max(e.vectorScore, Math.min(1, Math.max(0, hit.score)));
  }
  const best = keywordHits.reduce((max, h) => (Number.isFinite(h.score) && h.score > max ? h.score : max), 0);
  for (const hit of keywordHits) {
    const e = entry(hit.chunkId, hit.sourceId);
    const normalized = best > 0 && Number.isFinite(hit.score) ? Math.max(0, hit.score) / best : 0;
    e.keywordScore = Math.max(e.keywordScore, normalized);
  }
  const hits = [...merged.values()];
  for (const hit of hits) hit.score = weight * hit.vectorScore + (1 - weight) * hit.keywordScore;
  hits.sort((a, b) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : a.chunkId > b.chunkId ? 1 : 0));
  return options.limit === undefined ? hits : hits.slice(0, options.limit);
}
