import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectOrStartRedis, type RedisHandle } from '../../scripts/dev/redis.js';
import { registerAdmin, type Session } from '../support/client.js';
import { freePort } from '../support/services.js';
import { Stack } from '../support/stack.js';
import { testRun } from '../support/test-env.js';
import { createPersona } from '../persona/persona-support.js';
import { makeTextPdf } from './fixtures/index.js';
import { settled, SOURCE, uploadOk, type SourceView } from './knowledge-client.js';

// A private Redis this test may restart (never the shared one), kept on disk (AOF) as production Redis is.
let redisDir: string;
let redisPort: number;
let redis: RedisHandle;
let stack: Stack;
let db: pg.Client;
let admin: Session;
let personaId: string;
let bigPdf: Buffer;

const startRedis = () => connectOrStartRedis(`redis://127.0.0.1:${redisPort}`, redisDir, redisPort, () => undefined);

beforeAll(async () => {
  redisDir = await mkdtemp(path.join(os.tmpdir(), 'kcore-faults-redis-'));
  redisPort = await freePort();
  redis = await startRedis();
  stack = await Stack.start({
    subgraphs: ['identity', 'persona', 'knowledge'],
    workers: ['ingest-worker'],
    // a dead worker's job is picked up again after about 2 s instead of 30
    env: { REDIS_URL: redis.url, INGEST_LOCK_MS: '2000', INGEST_CONCURRENCY: '1' },
  });
  db = new pg.Client({ connectionString: testRun().databaseUrl });
  await db.connect();
  admin = await registerAdmin(stack.client());
  personaId = await createPersona(admin.client);
  // long enough that the fault lands mid-job
  bigPdf = await makeTextPdf(Array.from({ length: 300 }, (_, i) => `Page ${i + 1}. The river number ${i + 1} flows into lake ${i % 7}. ${'Sediment settles slowly on the bottom. '.repeat(20)}`));
}, 180_000);
afterAll(async () => {
  await db?.end();
  await stack?.stop();
  await redis?.stop();
});

const source = async (id: string) => (await admin.client.ok(SOURCE, { id })).knowledgeSource as SourceView;

async function untilProcessing(id: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const s = await source(id);
    if (s.status === 'PROCESSING' && s.progress > 0) return;
    if (s.status === 'READY' || s.status === 'FAILED') throw new Error(`source ${id} finished (${s.status}) before the fault`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`source ${id} never started processing`);
}

/** Chunks and vectors stored for a source: exactly one per index. */
async function stored(id: string) {
  const chunks = await db.query('SELECT count(*)::int AS n, count(DISTINCT index)::int AS distinct_n FROM knowledge_chunks WHERE source_id = $1', [id]);
  const vectors = await db.query('SELECT count(*)::int AS n FROM knowledge_vectors WHERE source_id = $1', [id]);
  return { chunks: chunks.rows[0].n as number, distinct: chunks.rows[0].distinct_n as number, vectors: vectors.rows[0].n as number };
}

test('the worker killed mid-job and restarted: the source still becomes READY, with no duplicate chunks or vectors', async () => {
  const created = await uploadOk(admin.client, personaId, bigPdf, 'rivers.pdf');
  await untilProcessing(created.id);
  await stack.kill('ingest-worker', 'SIGKILL');
  expect((await source(created.id)).status).toBe('PROCESSING');
  await stack.restart('ingest-worker');

  const ready = await settled(admin.client, created.id, 180_000);
  expect(ready).toMatchObject({ status: 'READY', units: 300, error: null });
  expect(await stored(created.id)).toEqual({ chunks: ready.chunkCount, distinct: ready.chunkCount, vectors: ready.chunkCount });
}, 300_000);

test('Redis restarted during ingestion: the source still becomes READY, once', async () => {
  const created = await uploadOk(admin.client, personaId, bigPdf, 'rivers-again.pdf');
  await untilProcessing(created.id);
  await redis.stop();
  redis = await startRedis();

  const ready = await settled(admin.client, created.id, 180_000);
  expect(ready).toMatchObject({ status: 'READY', units: 300, error: null });
  expect(await stored(created.id)).toEqual({ chunks: ready.chunkCount, distinct: ready.chunkCount, vectors: ready.chunkCount });
}, 300_000);
