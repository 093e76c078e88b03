import type pg from 'pg';
import type { KeywordHit } from './hybrid-merge.js';
import { departedIn } from './departures.js';
import { KeywordIndex, KeywordIndexBuilder, type IndexedChunk } from './keyword-index.js';
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

/** A persona's keyword generation: `reset` moves only when chunks left or changed. */
interface Generation {
  generation: string;
  reset: string;
}

/**
 * A persona's index as of a generation and the snapshot it was read in (so
 * the chunks committed since can be added); no index when it did not fit
 * the budget (SQL answers).
 */
class CachedIndex {
  constructor(
    readonly seen: Generation,
    readonly snapshot: string,
    readonly index: KeywordIndex | undefined,
  ) {}
  get byteLength(): number {
    return this.index?.byteLength ?? 64;
  }
}

/** a persona's chunks per source, and the ids of some sources' chunks (departures.ts) */
const CHUNKS_BY_SOURCE = {
  counts: 'SELECT source_id::text AS source_id, count(*)::int AS n FROM knowledge_chunks WHERE org_id = $1::uuid AND persona_id = $2 GROUP BY source_id',
  ids: 'SELECT id::text AS id FROM knowledge_chunks WHERE org_id = $1::uuid AND persona_id = $2 AND source_id = ANY($3::uuid[])',
};

/** how long a search waits for its index to catch up with the chunks written since before PostgreSQL answers instead */
const CATCH_UP_WAIT_MS = 50;

const key = (orgId: string, personaId: string) => `${orgId}\u0000${personaId}`;
const isCurrent = (cached: CachedIndex, seen: Generation) => BigInt(cached.seen.generation) >= BigInt(seen.generation);

/**
 * Keyword side of the search from an in-memory BM25 index per (org,
 * persona) (keyword-index.ts), instead of ranking every matching row with
 * `ts_rank` in PostgreSQL. Lexemes are PostgreSQL's own: the chunks' stored
 * `tsv` and the question's `to_tsvector('english', …)`.
 *
 * Correct across processes (the ingest worker writes, the subgraph reads):
 * triggers on knowledge_chunks bump the persona's row in
 * knowledge_chunk_generations in the writing transaction (`reset_generation`
 * too when chunks are deleted or updated), and each search reads that row in
 * the same round trip as the question's lexemes. When it moved, the index
 * catches up from its snapshot instead of reloading: the chunks whose last
 * writer (`written_xid`) that snapshot did not see are (re)appended, and,
 * when `reset_generation` moved, chunks that are gone are marked deleted
 * (found from each source's chunk count, departures.ts). The search waits
 * up to CATCH_UP_WAIT_MS for that; past it, PostgreSQL full-text answers
 * with the write seen. A persona never loaded waits for its full load. A
 * persona whose index exceeds the whole budget is answered by PostgreSQL
 * full-text (fullTextSearch) until its chunks change.
 */
export class KeywordIndexStore {
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly cache: ByteLru<CachedIndex>;
  /** loads in flight, so concurrent searches of a stale persona load it once */
  private readonly loading = new Map<string, Promise<CachedIndex>>();
  /** loads so far: every chunk of a persona, or only what changed since its snapshot (tests, diagnostics) */
  readonly loads = { full: 0, caughtUp: 0 };

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
    const { rows } = await this.pool.query<{ lexemes: string[]; generation: string | null; reset: string | null }>(
      `SELECT tsvector_to_array(to_tsvector('english', $1)) AS lexemes, g.generation::text AS generation, g.reset_generation::text AS reset
         FROM (SELECT 1) AS one LEFT JOIN knowledge_chunk_generations g ON g.org_id = $2::uuid AND g.persona_id = $3`,
      [query, orgId, personaId],
    );
    const row = rows[0];
    // no generation row: no chunk of this persona was ever written
    if (!row || row.generation === null || row.reset === null || row.lexemes.length === 0) return [];
    const seen = { generation: row.generation, reset: row.reset };
    const index = await this.indexFor(orgId, personaId, seen);
    return index ? index.search(row.lexemes, limit) : this.fullTextSearch(orgId, personaId, query, limit);
  }

  /** The persona's index at least as new as `seen`, or undefined when PostgreSQL must answer. */
  private async indexFor(orgId: string, personaId: string, seen: Generation): Promise<KeywordIndex | undefined> {
    const cached = this.cache.get(key(orgId, personaId));
    if (!cached) return (await this.current(orgId, personaId, seen)).index;
    if (isCurrent(cached, seen)) return cached.index;
    const catchUp = this.current(orgId, personaId, seen);
    catchUp.catch((err: unknown) => this.options.onLoadError?.(err));
    // catching up takes milliseconds (a reload seconds at 100k): worth a short wait; an index over budget never catches up
    return cached.index ? (await within(catchUp, CATCH_UP_WAIT_MS))?.index : undefined;
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

  private current(orgId: string, personaId: string, seen: Generation): Promise<CachedIndex> {
    const k = key(orgId, personaId);
    const cached = this.cache.get(k);
    if (cached && isCurrent(cached, seen)) return Promise.resolve(cached);
    const inFlight = this.loading.get(k);
    if (inFlight) return inFlight.then((loaded) => (isCurrent(loaded, seen) ? loaded : this.current(orgId, personaId, seen)));
    const load = this.load(orgId, personaId, cached).finally(() => this.loading.delete(k));
    this.loading.set(k, load);
    return load;
  }

  /**
   * The persona's index as of one snapshot, with its generation: `from`
   * caught up with what was written since its snapshot, or every chunk.
   */
  private async load(orgId: string, personaId: string, from: CachedIndex | undefined): Promise<CachedIndex> {
    const loaded = await inTransaction(
      this.pool,
      async (client) => {
        const { rows } = await client.query<{ generation: string | null; reset: string | null; snapshot: string }>(
          `SELECT g.generation::text AS generation, g.reset_generation::text AS reset, pg_current_snapshot()::text AS snapshot
             FROM (SELECT 1) AS one LEFT JOIN knowledge_chunk_generations g ON g.org_id = $1::uuid AND g.persona_id = $2`,
          [orgId, personaId],
        );
        const { snapshot, ...read } = rows[0]!;
        const seen = { generation: read.generation ?? '0', reset: read.reset ?? '0' };
        if (from?.index) {
          this.loads.caughtUp++;
          return { seen, snapshot, index: await this.catchUp(client, orgId, personaId, { index: from.index, snapshot: from.snapshot, seen: from.seen }, seen) };
        }
        const builder = new KeywordIndexBuilder();
        await this.loadAll(client, orgId, personaId, builder);
        this.loads.full++;
        return { seen, snapshot, index: new KeywordIndex([builder.build()]) };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
    const cached = new CachedIndex(loaded.seen, loaded.snapshot, loaded.index.byteLength <= this.options.cacheBytes ? loaded.index : undefined);
    this.cache.set(key(orgId, personaId), cached);
    return cached;
  }

  /** `from`'s index brought to this transaction's snapshot, whose generation is `seen`. */
  private async catchUp(client: pg.PoolClient, orgId: string, personaId: string, from: { index: KeywordIndex; snapshot: string; seen: Generation }, seen: Generation): Promise<KeywordIndex> {
    // rows whose last writer the earlier snapshot did not see (in progress or not yet begun then); older ids were all settled
    const { rows: written } = await client.query<IndexedChunk>(
      `SELECT id::text AS "chunkId", source_id::text AS "sourceId", tsv::text AS tsv FROM knowledge_chunks
        WHERE org_id = $1::uuid AND persona_id = $2 AND written_xid >= pg_snapshot_xmin($3::pg_snapshot)
          AND NOT pg_visible_in_snapshot(written_xid, $3::pg_snapshot)
        ORDER BY id`,
      [orgId, personaId, from.snapshot],
    );
    let index = from.index;
    if (seen.reset !== from.seen.reset) {
      // chunks left or were rewritten: drop those gone and the old version of those written again
      const gone = await departedIn(client, CHUNKS_BY_SOURCE, [orgId, personaId], () => from.index.chunks(), written);
      index = index.without((id) => gone.has(id));
    }
    const builder = new KeywordIndexBuilder();
    for (const chunk of written) builder.add(chunk);
    return index.appended(builder);
  }

  /** Every chunk of the persona, in keyset pages by id (no single huge result). */
  private async loadAll(client: pg.PoolClient, orgId: string, personaId: string, builder: KeywordIndexBuilder): Promise<void> {
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const { rows: page } = await client.query<IndexedChunk>(
        `SELECT id::text AS "chunkId", source_id::text AS "sourceId", tsv::text AS tsv FROM knowledge_chunks
          WHERE org_id = $1::uuid AND persona_id = $2 AND id > $3::uuid
          ORDER BY id LIMIT $4`,
        [orgId, personaId, after, LOAD_PAGE],
      );
      for (const chunk of page) builder.add(chunk);
      if (page.length < LOAD_PAGE) return;
      after = page[page.length - 1]!.chunkId;
    }
  }
}

/** The promise's value if it settles within `ms`, else undefined (a rejection also gives undefined: the caller was told elsewhere). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
