import type pg from 'pg';
import type { KeywordHit } from './hybrid-merge.js';
import { KeywordIndexBuilder, type IndexedChunk, type KeywordIndex } from './keyword-index.js';
import { inTransaction, poolOf, type PoolOptions } from './pg-pool.js';
import { ByteLru } from './vector-cache.js';

export interface KeywordIndexStoreOptions extends PoolOptions {
  /** KEYWORD_CACHE_MB in bytes: memory for cached personas' keyword indexes */
  cacheBytes: number;
  /** told when a background reload fails (the next search tries again) */
  onLoadError?: (err: unknown) => void;
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
const isCurrent = (cached: CachedIndex, generation: string) => BigInt(cached.generation) >= BigInt(generation);

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
 * moved, the index reloads in full, with the generation, from one snapshot:
 * a persona never loaded waits for it; a stale one is answered by PostgreSQL
 * full-text meanwhile (never seconds of waiting during an ingest).
 * A persona whose index exceeds the whole budget is answered by PostgreSQL
 * full-text (fullTextSearch) until its chunks change.
 */
export class KeywordIndexStore {
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly cache: ByteLru<CachedIndex>;
  /** loads in flight, so concurrent searches of a stale persona load it once */
  private readonly loading = new Map<string, Promise<CachedIndex>>();

  constructor(private readonly options: KeywordIndexStoreOptions) {
    const opened = poolOf(options);
    if (!opened) throw new Error('KeywordIndexStore needs a pool or a databaseUrl');
    this.pool = opened.pool;
    this.ownsPool = opened.owned;
    this.cache = new ByteLru(options.cacheBytes);
  }

  /** bytes of indexes currently cached */
  get cachedBytes(): number {
    return this.cache.totalBytes;
  }

  async search(orgId: string, personaId: string, query: string, limit: number): Promise<KeywordHit[]> {
    const { rows } = await this.pool.query<{ lexemes: string[]; generation: string | null }>(
      `SELECT tsvector_to_array(to_tsvector('english', $1)) AS lexemes,
              (SELECT generation::text FROM knowledge_chunk_generations WHERE org_id = $2::uuid AND persona_id = $3) AS generation`,
      [query, orgId, personaId],
    );
    const row = rows[0];
    // no generation row: no chunk of this persona was ever written
    if (!row || row.generation === null || row.lexemes.length === 0) return [];
    const cached = this.cache.get(key(orgId, personaId));
    let index = cached?.index;
    if (!cached || !isCurrent(cached, row.generation)) {
      if (cached) {
        // stale (chunks were written since): PostgreSQL answers with the write seen, while the index reloads
        this.current(orgId, personaId, row.generation).catch((err: unknown) => this.options.onLoadError?.(err));
        index = undefined;
      } else index = (await this.current(orgId, personaId, row.generation)).index;
    }
    return index ? index.search(row.lexemes, limit) : this.fullTextSearch(orgId, personaId, query, limit);
  }

  /**
   * PostgreSQL full-text search within one organization and persona (the
   * fallback). The question's lexemes are OR-ed (websearch_to_tsquery would
   * AND them, and a question rarely holds every word of the passage that
   * answers it); ts_rank orders by how many and how often they occur. It
   * ranks every matching row of the persona: tens of ms at 100k chunks.
   */
  async fullTextSearch(orgId: string, personaId: string, query: string, limit: number): Promise<KeywordHit[]> {
    const { rows } = await this.pool.query<KeywordHit>(
      `WITH q AS (
         SELECT array_to_string(array(SELECT quote_literal(l) FROM unnest(tsvector_to_array(to_tsvector('english', $3))) AS l), ' | ')::tsquery AS query
       )
       SELECT c.id::text AS "chunkId", c.source_id::text AS "sourceId", ts_rank(c.tsv, q.query)::float8 AS score
         FROM knowledge_chunks c, q
        WHERE c.org_id = $1::uuid AND c.persona_id = $2 AND c.tsv @@ q.query
        ORDER BY score DESC, c.id
        LIMIT $4`,
      [orgId, personaId, query, limit],
    );
    return rows;
  }

  /** Resolves when no load of this persona's index is in flight (tests, warm-ups). */
  async settled(orgId: string, personaId: string): Promise<void> {
    await this.loading.get(key(orgId, personaId))?.catch(() => undefined);
  }

  async close(): Promise<void> {
    this.cache.clear();
    if (this.ownsPool) await this.pool.end();
  }

  private current(orgId: string, personaId: string, generation: string): Promise<CachedIndex> {
    const k = key(orgId, personaId);
    const cached = this.cache.get(k);
    if (cached && isCurrent(cached, generation)) return Promise.resolve(cached);
    const inFlight = this.loading.get(k);
    if (inFlight) return inFlight.then((loaded) => (isCurrent(loaded, generation) ? loaded : this.current(orgId, personaId, generation)));
    const load = this.load(orgId, personaId, generation).finally(() => this.loading.delete(k));
    this.loading.set(k, load);
    return load;
  }

  /** The persona's chunks and their generation from one snapshot (so the index is exactly that generation). */
  private async load(orgId: string, personaId: string, seen: string): Promise<CachedIndex> {
    const builder = new KeywordIndexBuilder();
    const generation = await inTransaction(
      this.pool,
      async (client) => {
        const { rows } = await client.query<{ generation: string }>(
          'SELECT generation::text AS generation FROM knowledge_chunk_generations WHERE org_id = $1::uuid AND persona_id = $2',
          [orgId, personaId],
        );
        for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
          const { rows: page } = await client.query<IndexedChunk>(
            `SELECT id::text AS "chunkId", source_id::text AS "sourceId", tsv::text AS tsv FROM knowledge_chunks
              WHERE org_id = $1::uuid AND persona_id = $2 AND id > $3::uuid
              ORDER BY id LIMIT $4`,
            [orgId, personaId, after, LOAD_PAGE],
          );
          for (const chunk of page) builder.add(chunk);
          if (page.length < LOAD_PAGE) break;
          after = page[page.length - 1]!.chunkId;
        }
        return rows[0]?.generation ?? seen;
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
    const index = builder.build();
    const cached = new CachedIndex(generation, index.byteLength <= this.options.cacheBytes ? index : undefined);
    this.cache.set(key(orgId, personaId), cached);
    return cached;
  }
}
