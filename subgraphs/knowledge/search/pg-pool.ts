import pg from 'pg';

export interface PoolOptions {
  /** a pool the caller owns (left open by close()), or a URL a small own pool is opened on */
  pool?: pg.Pool;
  databaseUrl?: string;
  poolSize?: number;
  /** told about errors of idle connections of an own pool */
  onIdleError?: (err: Error) => void;
}

/** The caller's pool, or a new one the store owns (and must end). Undefined when neither is given. */
export function poolOf(options: PoolOptions): { pool: pg.Pool; owned: boolean } | undefined {
  if (options.pool) return { pool: options.pool, owned: false };
  if (!options.databaseUrl) return undefined;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 4 });
  // An idle client's error (PostgreSQL restarted or shut down) is emitted on
  // the pool and would kill the process unhandled; the pool drops that
  // client and the next query connects again (or fails with its own error).
  pool.on('error', (err) => options.onIdleError?.(err));
  return { pool, owned: true };
}

/** Runs `work` on one client inside `begin` … COMMIT (ROLLBACK when it throws). */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
