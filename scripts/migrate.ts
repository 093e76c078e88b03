import { env, loadConfig, ConfigError } from '../internal/config/env.js';
import { ensureDatabase } from '../internal/db/database.js';
import { migrate } from '../internal/db/migrator.js';

/**
 * One-shot migration step of a deployment (compose `migrate` service, k8s
 * migration Job): creates the database if needed, applies pending
 * prisma/migrations with the advisory-locked migrator, and exits 0 or 1.
 */
export const envShape = {
  DATABASE_URL: env.databaseUrl,
};

async function main() {
  const config = loadConfig(envShape);
  await ensureDatabase(config.DATABASE_URL);
  const { applied, alreadyApplied } = await migrate(config.DATABASE_URL);
  process.stdout.write(
    applied.length
      ? `applied ${applied.length} migration(s): ${applied.join(', ')} (${alreadyApplied} already applied)\n`
      : `database schema is up to date (${alreadyApplied} migrations applied earlier)\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`migrate: ${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
  process.exit(1);
});
