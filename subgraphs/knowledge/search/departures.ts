import type pg from 'pg';

/** A chunk a cache holds, or one written since the cache's last read. */
export interface HeldChunk {
  chunkId: string;
  sourceId: string;
}

interface Departures {
  /** held chunks known to be gone: their source has no chunk left, or they were written again (the new version comes with the written rows) */
  gone: Set<string>;
  /** sources that lost some chunks but not all: their chunk ids must be read to know which */
  recheck: string[];
}

/**
 * The held chunks that left (or were written again) since the cache's last
 * read: `departures`, then the chunk ids of only the sources that lost some
 * but not all (`idsNow`, from the same snapshot as the counts).
 */
export async function departed(
  held: () => Iterable<HeldChunk>,
  written: readonly HeldChunk[],
  countsNow: ReadonlyMap<string, number>,
  idsNow: (sourceIds: string[]) => Promise<Set<string>>,
): Promise<Set<string>> {
  const { gone, recheck } = departures(held(), written, countsNow);
  if (recheck.length === 0) return gone;
  const still = await idsNow(recheck);
  const rechecked = new Set(recheck);
  for (const { chunkId, sourceId } of held()) if (rechecked.has(sourceId) && !still.has(chunkId)) gone.add(chunkId);
  return gone;
}

/**
 * Which chunks of a cache (the keyword index, a vector set) left since its
 * last read, from the number of chunks each source has now instead of every
 * chunk id: sources are what gets deleted or ingested again, and a persona
 * of 100k chunks has a few hundred of them. For a source still there, the
 * count tells whether any held chunk left:
 *   now = written + held − rewritten − left   ⇒   left = held − rewritten − (now − written)
 * (`written`: its rows written since, `rewritten`: those whose id was held).
 */
export function departures(held: Iterable<HeldChunk>, written: readonly HeldChunk[], countsNow: ReadonlyMap<string, number>): Departures {
  const writtenIds = new Set(written.map((chunk) => chunk.chunkId));
  const writtenPerSource = new Map<string, number>();
  for (const { sourceId } of written) writtenPerSource.set(sourceId, (writtenPerSource.get(sourceId) ?? 0) + 1);
  const gone = new Set<string>();
  const heldPerSource = new Map<string, { ids: string[]; rewritten: number }>();
  for (const { chunkId, sourceId } of held) {
    let entry = heldPerSource.get(sourceId);
    if (!entry) heldPerSource.set(sourceId, (entry = { ids: [], rewritten: 0 }));
    entry.ids.push(chunkId);
    if (writtenIds.has(chunkId)) {
      entry.rewritten++;
      gone.add(chunkId);
    }
  }
  const recheck: string[] = [];
  for (const [sourceId, { ids, rewritten }] of heldPerSource) {
    const now = countsNow.get(sourceId) ?? 0;
    if (now === 0) for (const id of ids) gone.add(id);
    else if (ids.length - rewritten - (now - (writtenPerSource.get(sourceId) ?? 0)) > 0) recheck.push(sourceId);
  }
  return { gone, recheck };
}

/**
 * `departed` over a table: `counts` selects (source_id, n) per source of the
 * cache's scope, `ids` (with the source ids as the last parameter) selects
 * the chunk ids (`id`) of some sources; both take `params` first, and run
 * on `db` (the caller's snapshot).
 */
export async function departedIn(
  db: pg.PoolClient,
  sql: { counts: string; ids: string },
  params: readonly string[],
  held: () => Iterable<HeldChunk>,
  written: readonly HeldChunk[],
): Promise<Set<string>> {
  const { rows: counts } = await db.query<{ source_id: string; n: number }>(sql.counts, [...params]);
  const idsNow = async (sourceIds: string[]) => new Set((await db.query<{ id: string }>(sql.ids, [...params, sourceIds])).rows.map((row) => row.id));
  return departed(held, written, new Map(counts.map((row) => [row.source_id, row.n])), idsNow);
}
