import pg from 'pg';
import type { VectorHit, VectorQuery, VectorRecord, VectorStore } from './search.types.js';
import { ByteLru } from './vector-cache.js';
import { encodeVector, unit } from './vector-codec.js';
import { VectorSet, type StoredRow } from './vector-set.js';
import { checkQuery, checkRecords, VectorDimensionMismatch, VectorStoreError } from './vector-validation.js';

export interface PostgresVectorStoreOptions {
  /** a pool the caller owns (left open by close()), or a URL the store opens its own small pool on */
  pool?: pg.Pool;
  databaseUrl?: string;
  poolSize?: number;
  /** budget of the in-memory cache of loaded sets (bytes) */
  cacheBytes: number;
}

/** rows per INSERT statement */
const WRITE_BATCH = 1_000;

const key = (orgId: string, personaId: string, model?: string) => `${orgId}\u0000${personaId}\u0000${model ?? ''}`;

/**
 * The embedded default: vectors persisted in PostgreSQL (`knowledge_vectors`,
 * float32 bytes), searched by an exact scan of one (org, persona, model) set
 * held in memory (see vector-set.ts, dot-kernel.ts). Correct across
 * processes: every write bumps the persona's row in
 * `knowledge_vector_generations` in the same transaction, and every query
 * reads that counter (one primary-key lookup) and reloads the set when its
 * cached copy is older.
 */
export class PostgresVectorStore implements VectorStore {
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly cache: ByteLru<VectorSet>;
  /** loads in flight, so concurrent queries of a stale set load it once */
  private readonly loading = new Map<string, Promise<VectorSet>>();

  constructor(options: PostgresVectorStoreOptions) {
    if (options.pool) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else if (options.databaseUrl) {
      this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 4 });
      this.ownsPool = true;
    } else {
      throw new VectorStoreError('PostgresVectorStore needs a pool or a databaseUrl');
    }
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
      // sets whose contents change: the new ones, and those the chunks move out of
      const { rows: previous } = await client.query<{ org_id: string; persona_id: string }>(
        'SELECT DISTINCT org_id, persona_id FROM knowledge_vectors WHERE chunk_id = ANY($1::text[])',
        [batch.map((r) => r.chunkId)],
      );
      await bumpGenerations(client, [...batch.map((r) => [r.orgId, r.personaId] as const), ...previous.map((p) => [p.org_id, p.persona_id] as const)]);
      await checkStoredDimensions(client, batch);
      for (let start = 0; start < batch.length; start += WRITE_BATCH) {
        const slice = batch.slice(start, start + WRITE_BATCH);
        const { rowCount } = await client.query(
          `INSERT INTO knowledge_vectors (chunk_id, org_id, persona_id, source_id, model, dimension, vector)
           SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::bytea[])
           ON CONFLICT (chunk_id) DO UPDATE SET persona_id = EXCLUDED.persona_id, source_id = EXCLUDED.source_id,
             model = EXCLUDED.model, dimension = EXCLUDED.dimension, vector = EXCLUDED.vector
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
      await bumpGenerations(client, rows.map((r) => [orgId, r.persona_id] as const));
      const { rows: deleted } = await client.query<{ persona_id: string }>(
        'WITH gone AS (DELETE FROM knowledge_vectors WHERE org_id = $1 AND source_id = $2 RETURNING persona_id) SELECT DISTINCT persona_id FROM gone',
        [orgId, sourceId],
      );
      const late = deleted.filter((d) => !rows.some((r) => r.persona_id === d.persona_id));
      if (late.length) await bumpGenerations(client, late.map((r) => [orgId, r.persona_id] as const));
    });
  }

  async query(query: VectorQuery): Promise<VectorHit[]> {
    checkQuery(query);
    const { rows } = await this.pool.query<{ generation: string }>(
      'SELECT generation::text AS generation FROM knowledge_vector_generations WHERE org_id = $1 AND persona_id = $2',
      [query.orgId, query.personaId],
    );
    const generation = rows[0]?.generation;
    if (generation === undefined) return [];
    const set = await this.setFor(query, generation);
    if (set.size > 0 && set.dimension !== query.vector.length) throw new VectorDimensionMismatch(query.model, set.dimension, query.vector.length);
    return set.nearest(unit(query.vector), query.limit);
  }

  async close(): Promise<void> {
    this.cache.clear();
    if (this.ownsPool) await this.pool.end();
  }

  private async setFor(query: VectorQuery, generation: string): Promise<VectorSet> {
    const setKey = key(query.orgId, query.personaId, query.model);
    const cached = this.cache.get(setKey);
    if (cached && cached.generation === generation) return cached;
    const loadKey = `${setKey}\u0000${generation}`;
    let pending = this.loading.get(loadKey);
    if (!pending) {
      pending = this.load(query, generation).finally(() => this.loading.delete(loadKey));
      this.loading.set(loadKey, pending);
    }
    const set = await pending;
    // a slower load of an older generation never replaces a newer set
    const current = this.cache.get(setKey);
    if (!current || BigInt(current.generation) < BigInt(set.generation)) this.cache.set(setKey, set);
    return set;
  }

  /** Reads the set as of at least `generation` (the counter was read first). */
  private async load(query: VectorQuery, generation: string): Promise<VectorSet> {
    const { rows } = await this.pool.query<StoredRow & { dimension: number }>(
      'SELECT chunk_id, source_id::text AS source_id, dimension, vector FROM knowledge_vectors WHERE org_id = $1 AND persona_id = $2 AND model = $3 ORDER BY chunk_id',
      [query.orgId, query.personaId, query.model],
    );
    return new VectorSet(generation, rows[0]?.dimension ?? query.vector.length, rows);
  }

  private async transaction(work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

/** Bumps each (org, persona) once, in a fixed order so concurrent writers never deadlock. */
async function bumpGenerations(client: pg.PoolClient, pairs: (readonly [string, string])[]): Promise<void> {
  const unique = [...new Map(pairs.map(([o, p]) => [key(o, p), [o, p] as const])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (unique.length === 0) return;
  await client.query(
    `INSERT INTO knowledge_vector_generations (org_id, persona_id, generation)
     SELECT o, p, 1 FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS t(o, p, n) ORDER BY n
     ON CONFLICT (org_id, persona_id) DO UPDATE SET generation = knowledge_vector_generations.generation + 1`,
    [unique.map(([, [o]]) => o), unique.map(([, [, p]]) => p)],
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
