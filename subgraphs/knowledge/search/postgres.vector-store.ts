import pg from 'pg';
import type { VectorHit, VectorQuery, VectorRecord, VectorStore } from './search.types.js';
import { inTransaction, poolOf, type PoolOptions } from './pg-pool.js';
import { departedIn } from './departures.js';
import { ByteLru } from './vector-cache.js';
import { encodeVector, unit } from './vector-codec.js';
import { VectorSet, type StoredRow } from './vector-set.js';
import { checkQuery, checkRecords, VectorDimensionMismatch, VectorStoreError } from './vector-validation.js';

export interface PostgresVectorStoreOptions extends PoolOptions {
  /** budget of the in-memory cache of loaded sets (bytes) */
  cacheBytes: number;
}

/** a set's vectors per source, and the chunk ids of some sources' vectors (departures.ts) */
const VECTORS_BY_SOURCE = {
  counts: 'SELECT source_id::text AS source_id, count(*)::int AS n FROM knowledge_vectors WHERE org_id = $1 AND persona_id = $2 AND model = $3 GROUP BY source_id',
  ids: 'SELECT chunk_id AS id FROM knowledge_vectors WHERE org_id = $1 AND persona_id = $2 AND model = $3 AND source_id = ANY($4::uuid[])',
};

/** rows per INSERT statement */
const WRITE_BATCH = 1_000;

const key = (orgId: string, personaId: string, model?: string) => `${orgId}\u0000${personaId}\u0000${model ?? ''}`;

/** A persona's row in knowledge_vector_generations, as text (bigint). */
interface Generation {
  generation: string;
  reset: string;
}

/** The cached set when it is at least as new as `seen`. */
function isCurrent(set: VectorSet | undefined, seen: Generation): VectorSet | undefined {
  return set && set.resetGeneration === seen.reset && BigInt(set.generation) >= BigInt(seen.generation) ? set : undefined;
}

/**
 * The embedded default: vectors persisted in PostgreSQL (`knowledge_vectors`,
 * float32 bytes), searched by a scan of one (org, persona, model) set held
 * in memory — exact, or from 20k rows an int8 pre-scan with exact rerank
 * (see vector-set.ts, dot-kernel.ts, int8-kernel.ts). Correct across
 * processes: every write bumps the persona's row in
 * `knowledge_vector_generations` in the same transaction, and every query
 * reads that row (one primary-key lookup). When `generation` moved, the
 * cached set loads only rows whose `seq` is past the last one it saw (rows
 * added or replaced); when `reset_generation` moved too (vectors left the
 * set: a source deleted, a chunk moved), it also finds the rows that left
 * (from each source's count of vectors, departures.ts) and drops them.
 *
 * Why `seq` order is commit order within a persona: a writer bumps the
 * persona's generation row first, which locks it until commit, and only then
 * draws `seq` values; so no later-committing writer of that persona can hold
 * a smaller seq than one a reader has already seen.
 */
export class PostgresVectorStore implements VectorStore {
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly cache: ByteLru<VectorSet>;
  /** refreshes in flight per set, so concurrent queries of a stale set load it once */
  private readonly refreshing = new Map<string, Promise<VectorSet>>();

  constructor(options: PostgresVectorStoreOptions) {
    const opened = poolOf(options);
    if (!opened) throw new VectorStoreError('PostgresVectorStore needs a pool or a databaseUrl');
    this.pool = opened.pool;
    this.ownsPool = opened.owned;
    this.cache = new ByteLru(options.cacheBytes);
  }

  /** bytes of vector sets currently cached */
  get cachedBytes(): number {
    return this.cache.totalBytes;
  }

  async upsert(records: VectorRecord[]): Promise<void> {
    const batch = checkRecords(records);
    if (batch.length === 0) return;
    await this.transaction(async (client) => {
      // a chunk that leaves its (persona, model) set removes a vector there: that set reloads in full
      const { rows: previous } = await client.query<{ chunk_id: string; org_id: string; persona_id: string; model: string }>(
        'SELECT chunk_id, org_id, persona_id, model FROM knowledge_vectors WHERE chunk_id = ANY($1::text[])',
        [batch.map((r) => r.chunkId)],
      );
      const incoming = new Map(batch.map((r) => [r.chunkId, r]));
      const left = previous.filter((p) => {
        const next = incoming.get(p.chunk_id)!;
        return p.org_id === next.orgId && (p.persona_id !== next.personaId || p.model !== next.model);
      });
      await bumpGenerations(client, [
        ...batch.map((r) => ({ orgId: r.orgId, personaId: r.personaId, reset: false })),
        ...left.map((p) => ({ orgId: p.org_id, personaId: p.persona_id, reset: true })),
      ]);
      await checkStoredDimensions(client, batch);
      for (let start = 0; start < batch.length; start += WRITE_BATCH) {
        const slice = batch.slice(start, start + WRITE_BATCH);
        const { rowCount } = await client.query(
          `INSERT INTO knowledge_vectors (chunk_id, org_id, persona_id, source_id, model, dimension, vector)
           SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::bytea[])
           ON CONFLICT (chunk_id) DO UPDATE SET persona_id = EXCLUDED.persona_id, source_id = EXCLUDED.source_id,
             model = EXCLUDED.model, dimension = EXCLUDED.dimension, vector = EXCLUDED.vector,
             seq = nextval(pg_get_serial_sequence('knowledge_vectors', 'seq'))
           WHERE knowledge_vectors.org_id = EXCLUDED.org_id`,
          [
            slice.map((r) => r.chunkId),
            slice.map((r) => r.orgId),
            slice.map((r) => r.personaId),
            slice.map((r) => r.sourceId),
            slice.map((r) => r.model),
            slice.map((r) => r.vector.length),
            slice.map((r) => encodeVector(r.vector)),
          ],
        );
        // the WHERE above refuses to move a chunk id between organizations
        if (rowCount !== slice.length) throw new VectorStoreError('a chunk id in this batch already belongs to another organization');
      }
    });
  }

  async deleteSource(orgId: string, sourceId: string): Promise<void> {
    await this.transaction(async (client) => {
      // lock the generation rows before the vector rows, in the order writers do
      const { rows } = await client.query<{ persona_id: string }>('SELECT DISTINCT persona_id FROM knowledge_vectors WHERE org_id = $1 AND source_id = $2', [orgId, sourceId]);
      if (rows.length === 0) return;
      await bumpGenerations(client, rows.map((r) => ({ orgId, personaId: r.persona_id, reset: true })));
      const { rows: deleted } = await client.query<{ persona_id: string }>(
        'WITH gone AS (DELETE FROM knowledge_vectors WHERE org_id = $1 AND source_id = $2 RETURNING persona_id) SELECT DISTINCT persona_id FROM gone',
        [orgId, sourceId],
      );
      const late = deleted.filter((d) => !rows.some((r) => r.persona_id === d.persona_id));
      if (late.length) await bumpGenerations(client, late.map((r) => ({ orgId, personaId: r.persona_id, reset: true })));
    });
  }

  async query(query: VectorQuery): Promise<VectorHit[]> {
    checkQuery(query);
    const { rows } = await this.pool.query<Generation>(
      'SELECT generation::text AS generation, reset_generation::text AS reset FROM knowledge_vector_generations WHERE org_id = $1 AND persona_id = $2',
      [query.orgId, query.personaId],
    );
    if (!rows[0]) return [];
    const setKey = key(query.orgId, query.personaId, query.model);
    const set = isCurrent(this.cache.get(setKey), rows[0]) ?? (await this.refresh(setKey, query, rows[0]));
    if (set.size > 0 && set.dimension !== query.vector.length) throw new VectorDimensionMismatch(query.model, set.dimension, query.vector.length);
    return set.nearest(unit(query.vector), query.limit);
  }

  async close(): Promise<void> {
    this.cache.clear();
    if (this.ownsPool) await this.pool.end();
  }

  /** One refresh per set at a time; a query that waited finds the set already current. */
  private refresh(setKey: string, query: VectorQuery, seen: Generation): Promise<VectorSet> {
    const before = this.refreshing.get(setKey) ?? Promise.resolve();
    const next = before.catch(() => undefined).then(() => this.refreshNow(setKey, query, seen));
    this.refreshing.set(setKey, next);
    const forget = () => {
      if (this.refreshing.get(setKey) === next) this.refreshing.delete(setKey);
    };
    next.then(forget, forget);
    return next;
  }

  /** Brings the cached set up to at least `seen` (the row was read before the vectors, so they are at least as new). */
  private async refreshNow(setKey: string, query: VectorQuery, seen: Generation): Promise<VectorSet> {
    const cached = this.cache.get(setKey);
    const current = isCurrent(cached, seen);
    if (current) return current;
    const params = [query.orgId, query.personaId, query.model];
    let set: VectorSet;
    if (cached && cached.size > 0) {
      set = cached;
      const since = [...params, set.maxSeq.toString()];
      // when vectors left the set, also which ones (from each source's count, departures.ts), in the same snapshot
      const [gone, rows] =
        cached.resetGeneration === seen.reset
          ? [undefined, await this.rows(this.pool, 'AND seq > $4', since)]
          : await inTransaction(
              this.pool,
              async (client) => {
                const written = await this.rows(client, 'AND seq > $4', since);
                const writtenChunks = written.map((row) => ({ chunkId: row.chunk_id, sourceId: row.source_id }));
                return [await departedIn(client, VECTORS_BY_SOURCE, params, () => set.held(), writtenChunks), written] as const;
              },
              'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
            );
      // applied together, after every read: no query sees a set with the removals but without the rows
      if (gone) set.remove(gone);
      set.apply(rows);
      set.resetGeneration = seen.reset;
    } else {
      const rows = await this.rows(this.pool, '', params);
      set = new VectorSet(seen.generation, seen.reset, rows[0] ? rows[0].vector.length / 4 : query.vector.length);
      set.apply(rows);
    }
    set.generation = seen.generation;
    // re-accounted: the set may have grown
    this.cache.set(setKey, set);
    return set;
  }

  private async rows(db: pg.Pool | pg.PoolClient, extra: string, params: string[]): Promise<StoredRow[]> {
    const { rows } = await db.query<StoredRow>(
      `SELECT chunk_id, source_id::text AS source_id, vector, seq::text AS seq FROM knowledge_vectors
       WHERE org_id = $1 AND persona_id = $2 AND model = $3 ${extra} ORDER BY knowledge_vectors.seq`,
      params,
    );
    return rows;
  }

  private transaction(work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    return inTransaction(this.pool, work);
  }
}

interface Bump {
  orgId: string;
  personaId: string;
  /** vectors leave the set: cached copies must reload in full */
  reset: boolean;
}

/** Bumps each (org, persona) once, in a fixed order so concurrent writers never deadlock. */
async function bumpGenerations(client: pg.PoolClient, bumps: Bump[]): Promise<void> {
  const merged = new Map<string, Bump>();
  for (const bump of bumps) {
    const k = key(bump.orgId, bump.personaId);
    merged.set(k, { ...bump, reset: bump.reset || (merged.get(k)?.reset ?? false) });
  }
  const ordered = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, bump]) => bump);
  if (ordered.length === 0) return;
  await client.query(
    `INSERT INTO knowledge_vector_generations (org_id, persona_id, generation, reset_generation)
     SELECT o, p, 1, CASE WHEN r THEN 1 ELSE 0 END FROM unnest($1::uuid[], $2::uuid[], $3::boolean[]) WITH ORDINALITY AS t(o, p, r, n) ORDER BY n
     ON CONFLICT (org_id, persona_id) DO UPDATE SET generation = knowledge_vector_generations.generation + 1,
       reset_generation = knowledge_vector_generations.reset_generation + CASE WHEN EXCLUDED.reset_generation = 1 THEN 1 ELSE 0 END`,
    [ordered.map((b) => b.orgId), ordered.map((b) => b.personaId), ordered.map((b) => b.reset)],
  );
}

/** Refuses vectors whose length differs from what their model already has in this persona's set. */
async function checkStoredDimensions(client: pg.PoolClient, batch: VectorRecord[]): Promise<void> {
  const sets = new Map(batch.map((r) => [key(r.orgId, r.personaId, r.model), r]));
  for (const record of sets.values()) {
    const { rows } = await client.query<{ dimension: number }>(
      'SELECT dimension FROM knowledge_vectors WHERE org_id = $1 AND persona_id = $2 AND model = $3 AND dimension <> $4 LIMIT 1',
      [record.orgId, record.personaId, record.model, record.vector.length],
    );
    if (rows[0]) throw new VectorDimensionMismatch(record.model, rows[0].dimension, record.vector.length);
  }
}
