import { mkdtemp, mkdir, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { dropDatabase, ensureDatabase } from '../../internal/db/database.js';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../internal/db/migrator.js';
import { databaseUrlFor, uniqueId } from '../support/test-env.js';
import { actualFacts, expectedFacts, loadDmmf } from './schema-agreement.js';

describe('migrations', () => {
  const url = databaseUrlFor(`bwenge_migrations_${uniqueId()}`);
  let client: pg.Client;

  beforeAll(async () => {
    await ensureDatabase(url);
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await dropDatabase(url);
  });

  test('apply on an empty database and produce exactly the schema.prisma tables, columns, keys and indexes', async () => {
    const result = await migrate(url);
    expect(result.applied.length).toBe((await readMigrations()).length);
    expect(await actualFacts(client)).toEqual(expectedFacts(loadDmmf()));
  });

  test('are recorded as `prisma migrate deploy` records them, and a second run applies nothing', async () => {
    await migrate(url);
    const { rows } = await client.query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name');
    const files = await readMigrations();
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(files.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at && r.applied_steps_count === 1)).toBe(true);
    expect((await migrate(url)).applied).toEqual([]);
  });

  test('refuse to run when an applied migration was edited afterwards', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bwenge-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const [first] = await readMigrations(dir);
    await writeFile(path.join(dir, first!.name, 'migration.sql'), `${first!.sql}\n-- edited\n`);
    await expect(migrate(url, dir)).rejects.toThrow(/was modified after it was applied/);
  });

  test('roll back a failing migration completely and record nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bwenge-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await mkdir(path.join(dir, '99999999999999_broken'));
    await writeFile(path.join(dir, '99999999999999_broken', 'migration.sql'), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
    await expect(migrate(url, dir)).rejects.toThrow(/99999999999999_broken failed/);
    const tables = await client.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    const recorded = await client.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '99999999999999_broken'`);
    expect([tables.rowCount, recorded.rowCount]).toEqual([0, 0]);
  });
});
