import { randomBytes } from 'node:crypto';

/** Where the machine's PostgreSQL and Redis are (CI and dev both run them locally). */
export const TEST_ADMIN_DATABASE_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// (global-setup replaces both with embedded ones when nothing answers there)

/** A short unique suffix for names that must not collide between tests or runs. */
export const uniqueId = () => randomBytes(5).toString('hex');

export function databaseUrlFor(name: string): string {
  const url = new URL(process.env.TEST_ADMIN_DATABASE_URL ?? TEST_ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Set by global-setup: the migrated database and data folder of this test run. */
export function testRun() {
  const databaseUrl = process.env.BWENGE_TEST_DATABASE_URL;
  const dataDir = process.env.BWENGE_TEST_DATA_DIR;
  if (!databaseUrl || !dataDir) throw new Error('Test run not set up: run through jest (global-setup)');
  return { databaseUrl, dataDir, redisUrl: process.env.REDIS_URL ?? TEST_REDIS_URL, runId: process.env.BWENGE_TEST_RUN_ID ?? 'run' };
}
