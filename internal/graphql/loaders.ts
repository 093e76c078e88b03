import DataLoader from 'dataloader';

/**
 * A per-request loader that fetches many rows in one query and returns
 * them in key order (null where a key has no row).
 */
export function loaderById<T extends { id: string }>(fetch: (ids: readonly string[]) => Promise<T[]>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await fetch(ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Same, for one-to-many: each key gets the (possibly empty) list of rows whose `keyOf(row)` matches. */
export function loaderGrouped<T>(fetch: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await fetch(keys);
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const list = groups.get(key);
      if (list) list.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** Counts per key (e.g. messages per conversation) from one grouped query. */
export function loaderCount(fetch: (keys: readonly string[]) => Promise<{ key: string; count: number }[]>): DataLoader<string, number> {
  return new DataLoader<string, number>(async (keys) => {
    const rows = await fetch(keys);
    const counts = new Map(rows.map((r) => [r.key, r.count]));
    return keys.map((key) => counts.get(key) ?? 0);
  });
}
