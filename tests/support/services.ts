import { chmod, mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../scripts/dev/postgres.js';
import { connectOrStartRedis } from '../../scripts/dev/redis.js';

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface TestServices {
  adminDatabaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

/**
 * The PostgreSQL and Redis the tests use: the machine's own when they answer
 * (CI), otherwise an embedded PostgreSQL and a private redis-server, so
 * `npm test` works on a fresh machine too.
 */
export async function testServices(adminDatabaseUrl: string, redisUrl: string): Promise<TestServices> {
  const stops: (() => Promise<void>)[] = [];
  let dbUrl = adminDatabaseUrl;
  if (!(await reachable(adminDatabaseUrl))) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bwenge-test-pg-'));
    await chmod(dir, 0o755); // as root, PostgreSQL runs as a 'postgres' user that must reach it
    const embedded = await startEmbeddedPostgres(dir, await freePort(), (line) => process.stderr.write(`${line}\n`));
    stops.push(() => embedded.stop());
    const url = new URL(embedded.url);
    url.pathname = '/postgres';
    dbUrl = url.toString();
  }
  const redis = await connectOrStartRedis(redisUrl, await mkdtemp(path.join(os.tmpdir(), 'bwenge-test-redis-')), await freePort(), (line) =>
    process.stderr.write(`${line}\n`),
  );
  stops.push(() => redis.stop());
  return { adminDatabaseUrl: dbUrl, redisUrl: redis.url, stop: async () => void (await Promise.all(stops.map((s) => s()))) };
}
