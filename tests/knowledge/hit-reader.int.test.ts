import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { chunkIdOf } from '../../subgraphs/knowledge/ids.js';
import { HitReader } from '../../subgraphs/knowledge/search/hit-reader.js';
import type { SourceRow } from '../../subgraphs/knowledge/source/source.view.js';
import { testRun } from '../support/test-env.js';

const run = promisify(execFile);

/**
 * The last step of a search reads the hits' chunks with their sources in one
 * SQL statement, outside Prisma: it must give the rows as Prisma does (its
 * DateTime columns hold UTC without a zone) and never a chunk of another
 * organization or persona. (Prisma itself does not load inside jest, so the
 * rows are written here in its conventions.)
 */
describe('HitReader (search hits with their sources, one query)', () => {
  let pool: pg.Pool;
  let reader: HitReader;

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: testRun().databaseUrl, max: 2 });
    reader = new HitReader(pool);
  });
  afterAll(async () => {
    await pool.end();
  });

  async function sourceWithChunks(orgId: string, personaId: string, texts: string[]) {
    const source: SourceRow = {
      id: randomUUID(), orgId, personaId, title: `Notes ${randomUUID().slice(0, 8)}`, kind: 'PDF', mimeType: 'application/pdf', sizeBytes: 5_000_000_123n,
      blobKey: `k/${randomUUID()}`, sha256: 'ab'.repeat(32), status: 'READY', progress: 1, error: null, chunkCount: texts.length,
      embeddingModel: 'offline-hash-v1', embeddingDimension: 256, units: texts.length, ocrUnits: 0, reservationId: null, createdById: randomUUID(),
      createdAt: new Date('2026-03-01T10:00:00.123Z'), updatedAt: new Date('2026-03-01T10:05:00.456Z'),
    };
    await pool.query(
      `INSERT INTO knowledge_sources (id, org_id, persona_id, title, kind, mime_type, size_bytes, blob_key, sha256, status, progress, chunk_count,
         embedding_model, embedding_dimension, units, ocr_units, created_by_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'PDF', 'application/pdf', 5000000123, $5, $6, 'READY', 1, $7, 'offline-hash-v1', 256, $7, 0, $8,
         '2026-03-01 10:00:00.123', '2026-03-01 10:05:00.456')`,
      [source.id, orgId, personaId, source.title, source.blobKey, source.sha256, texts.length, source.createdById],
    );
    const ids = texts.map((_, index) => chunkIdOf(source.id, index));
    await pool.query(
      `INSERT INTO knowledge_chunks (id, source_id, org_id, persona_id, index, text, token_count, location)
       SELECT id, $2, $3, $4, n - 1, text, 3, jsonb_build_object('label', 'page ' || n, 'page', n) FROM unnest($1::uuid[], $5::text[]) WITH ORDINALITY AS t(id, text, n)`,
      [ids, source.id, orgId, personaId, texts],
    );
    return { source, ids };
  }

  test('gives each chunk with its source row as Prisma would (big sizes, enums, JSON location)', async () => {
    const orgId = randomUUID();
    const personaId = randomUUID();
    const { source, ids } = await sourceWithChunks(orgId, personaId, ['The river flows north.', 'The hills are green.']);
    const hits = await reader.read(orgId, personaId, [ids[1]!, ids[0]!]);
    expect(hits.map((h) => h.id).sort()).toEqual([...ids].sort());
    const second = hits.find((h) => h.id === ids[1])!;
    expect(second).toMatchObject({ sourceId: source.id, index: 1, text: 'The hills are green.', location: { label: 'page 2', page: 2 } });
    expect(second.source).toEqual(source);
    expect(second.source.createdAt.toISOString()).toBe(source.createdAt.toISOString());
    expect(second.source.sizeBytes).toBe(5_000_000_123n);
    // one object per source, as a loader gives
    expect(hits[0]!.source).toBe(hits[1]!.source);
  });

  test('reads the dates as UTC in a process whose time zone is not UTC', async () => {
    const orgId = randomUUID();
    const personaId = randomUUID();
    const { ids } = await sourceWithChunks(orgId, personaId, ['dated']);
    // jest's sandbox cannot change the zone of its own process: a child reads the row in Kigali's (UTC+2)
    const script = `
      const pg = require('pg');
      const { HitReader } = require(${JSON.stringify(require.resolve('../../subgraphs/knowledge/search/hit-reader.js'))});
      const pool = new pg.Pool({ connectionString: process.env.URL, max: 1 });
      new HitReader(pool).read(process.env.ORG, process.env.PERSONA, [process.env.CHUNK])
        .then(([hit]) => { console.log(JSON.stringify([hit.source.createdAt, hit.source.updatedAt])); return pool.end(); });`;
    const { stdout } = await run(process.execPath, ['-e', script], {
      env: { ...process.env, TZ: 'Africa/Kigali', URL: testRun().databaseUrl, ORG: orgId, PERSONA: personaId, CHUNK: ids[0]! },
    });
    expect(JSON.parse(stdout)).toEqual(['2026-03-01T10:00:00.123Z', '2026-03-01T10:05:00.456Z']);
  });

  test('never returns a chunk of another organization or persona, and ignores ids that are not UUIDs', async () => {
    const orgId = randomUUID();
    const personaId = randomUUID();
    const mine = await sourceWithChunks(orgId, personaId, ['mine']);
    const otherOrg = await sourceWithChunks(randomUUID(), personaId, ['other organization']);
    const otherPersona = await sourceWithChunks(orgId, randomUUID(), ['other persona']);
    const hits = await reader.read(orgId, personaId, [...mine.ids, ...otherOrg.ids, ...otherPersona.ids, 'not-a-uuid', "'; DROP TABLE knowledge_chunks; --"]);
    expect(hits.map((h) => h.id)).toEqual(mine.ids);
    expect(await reader.read(orgId, personaId, [])).toEqual([]);
    expect(await reader.read(orgId, personaId, ['nope'])).toEqual([]);
  });

  test('a chunk id that no longer exists is simply absent', async () => {
    const orgId = randomUUID();
    const personaId = randomUUID();
    const { source, ids } = await sourceWithChunks(orgId, personaId, ['kept']);
    expect(await reader.read(orgId, personaId, [chunkIdOf(source.id, 7), ids[0]!])).toHaveLength(1);
  });
});
