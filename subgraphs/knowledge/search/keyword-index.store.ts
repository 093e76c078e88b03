import type { KnowledgeDb } from '../db.js';
import type { ChunkService, KeywordHit } from './chunk.service.js';
import { KeywordIndex, type IndexedChunk } from './keyword-index.js';
import { ByteLru } from './vector-cache.js';

export interface KeywordIndexStoreOptions {
  /** KEYWORD_CACHE_MB in bytes: memory for cached personas' keyword indexes */
  cacheBytes: number;
}

/** chunks per load query (keyset pages by id, so no single huge result) */
const LOAD_PAGE = 10_000;

/** A persona's index as of a generation; no index when it did not fit the budget (SQL answers). */
class CachedIndex {
  constructor(
    readonly generation: string,
    readonly index: KeywordIndex | undefined,
  ) {}
  get byteLength(): number {
    return this.index?.byteLength ?? 64;
  }
}

const key = (orgId: string, personaId: string) => `${orgId}\u0000${personaId}`;

/**
 * Keyword side of the search from an in-memory BM25 index per (org,
 * persona) (keyword-index.ts), instead of ranking every matching row with
 * `ts_rank` in PostgreSQL. Lexemes are PostgreSQL's own: the chunks' stored
 * `tsv` and the question's `to_tsvector('english', …)`.
 *
 * Correct across processes (the ingest worker writes, the subgraph reads):
 * triggers on knowledge_chunks bump the persona's row in
 * knowledge_chunk_generations in the writing transaction, and each search
 * reads that row in the same round trip as the question's lexemes. When it
 * moved, the index reloads in full (read after the row, so at least as new).
 * A persona whose index exceeds the whole budget is answered by PostgreSQL
 * full-text (ChunkService.keywordSearch) until its chunks change.
 */
export class KeywordIndexStore {
  private readonly cache: ByteLru<CachedIndex>;
  /** loads in flight, so concurrent searches of a stale persona load it once */
  private readonly loading = new Map<string, Promise<CachedIndex>>();

  constructor(
    private readonly db: KnowledgeDb,
    private readonly chunks: ChunkService,
    private readonly options: KeywordIndexStoreOptions,
  ) {
    this.cache = new ByteLru(options.cacheBytes);
  }

  /** bytes of indexes currently cached */
  get cachedBytes(): number {
    return this.cache.totalBytes;
  }

  async search(orgId: string, personaId: string, query: string, limit: number): Promise<KeywordHit[]> {
    const [row] = await this.db.$queryRaw<{ lexemes: string[]; generation: string | null }[]>`
      SELECT tsvector_to_array(to_tsvector('english', ${query})) AS lexemes,
             (SELECT generation::text FROM knowledge_chunk_generations WHERE org_id = ${orgId}::uuid AND persona_id = ${personaId}) AS generation`;
    // no generation row: no chunk of this persona was ever written
    if (!row || row.generation === null || row.lexemes.length === 0) return [];
    const cached = await this.current(orgId, personaId, row.generation);
    if (!cached.index) return this.chunks.keywordSearch(orgId, personaId, query, limit);
    return cached.index.search(row.lexemes, limit);
  }

  clear(): void {
    this.cache.clear();
  }

  private current(orgId: string, personaId: string, generation: string): Promise<CachedIndex> {
    const k = key(orgId, personaId);
    const cached = this.cache.get(k);
    if (cached && BigInt(cached.generation) >= BigInt(generation)) return Promise.resolve(cached);
    const inFlight = this.loading.get(k);
    if (inFlight) return inFlight.then((loaded) => (BigInt(loaded.generation) >= BigInt(generation) ? loaded : this.current(orgId, personaId, generation)));
    const load = this.load(orgId, personaId, generation).finally(() => this.loading.delete(k));
    this.loading.set(k, load);
    return load;
  }

  private async load(orgId: string, personaId: string, generation: string): Promise<CachedIndex> {
    const rows: IndexedChunk[] = [];
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const page = await this.db.$queryRaw<IndexedChunk[]>`
        SELECT id::text AS "chunkId", source_id::text AS "sourceId", tsv::text AS tsv FROM knowledge_chunks
         WHERE org_id = ${orgId}::uuid AND persona_id = ${personaId} AND id > ${after}::uuid
         ORDER BY id LIMIT ${LOAD_PAGE}`;
      rows.push(...page);
      if (page.length < LOAD_PAGE) break;
      after = page[page.length - 1]!.chunkId;
    }
    const index = new KeywordIndex(rows);
    const cached = new CachedIndex(generation, index.byteLength <= this.options.cacheBytes ? index : undefined);
    this.cache.set(key(orgId, personaId), cached);
    return cached;
  }
}
