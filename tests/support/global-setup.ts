import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase } from '../../internal/db/database.js';
import { migrate } from '../../internal/db/migrator.js';
import { testServices } from './services.js';
import { TEST_ADMIN_DATABASE_URL, TEST_REDIS_URL, uniqueId } from './test-env.js';

/**
 * Once per jest run (int and e2e projects share it): a fresh database with
 * every migration applied and a private data folder. Workers inherit the
 * variables set here.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.BWENGE_TEST_DATABASE_URL) return;
  const services = await testServices(TEST_ADMIN_DATABASE_URL, TEST_REDIS_URL);
  (globalThis as { __bwengeServices?: typeof services }).__bwengeServices = services;
  process.env.TEST_ADMIN_DATABASE_URL = services.adminDatabaseUrl;
  process.env.REDIS_URL = services.redisUrl;
  const runId = `${Date.now().toString(36)}_${uniqueId()}`;
  const url = new URL(services.adminDatabaseUrl);
  url.pathname = `/bwenge_test_${runId}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  process.env.BWENGE_TEST_RUN_ID = runId;
  process.env.BWENGE_TEST_DATABASE_URL = databaseUrl;
  process.env.BWENGE_TEST_DATA_DIR = await mkdtemp(path.join(os.tmpdir(), 'bwenge-test-'));
}
