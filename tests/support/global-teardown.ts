import { rm } from 'node:fs/promises';
import { dropDatabase } from '../../internal/db/database.js';

/** Drops the run's database and data folder (only once, though both projects call it). */
export default async function globalTeardown(): Promise<void> {
  const databaseUrl = process.env.BWENGE_TEST_DATABASE_URL;
  const g = globalThis as { __bwengeTornDown?: boolean };
  if (!databaseUrl || g.__bwengeTornDown) return;
  g.__bwengeTornDown = true;
  if (!process.env.KEEP_TEST_DATABASE) {
    await dropDatabase(databaseUrl);
    if (process.env.BWENGE_TEST_DATA_DIR) await rm(process.env.BWENGE_TEST_DATA_DIR, { recursive: true, force: true });
  }
  await (globalThis as { __bwengeServices?: { stop(): Promise<void> } }).__bwengeServices?.stop();
}
