import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createPrisma } from '../internal/db/prisma.js';
import { OfflineHashEmbedder, PostgresVectorStore } from '../subgraphs/knowledge/search/index.js';
import { ChunkService } from '../subgraphs/knowledge/search/chunk.service.js';
import { HitReader } from '../subgraphs/knowledge/search/hit-reader.js';
import { KeywordIndexStore } from '../subgraphs/knowledge/search/keyword-index.store.js';
import { SourceService } from '../subgraphs/knowledge/source/source.service.js';
import { registerAdmin, type Session } from '../tests/support/client.js';
import { cpuMs, memoryKb } from '../tests/support/files.js';
import { Stack } from '../tests/support/stack.js';
import { testRun } from '../tests/support/test-env.js';
import { createPersona } from '../tests/persona/persona-support.js';
import { makeScannedPdf, makeTextPdf } from '../tests/knowledge/fixtures/index.js';
import { DELETE, settled, uploadOk } from '../tests/knowledge/knowledge-client.js';
import { jsonPoster, percentile, summary, withBenchEnvironment } from './harness.js';

/**
 * The knowledge pipeline end to end on the real processes (gateway,
 * knowledge subgraph, ingest worker, offline embedder, embedded vector store):
 * - upload → READY of a 200-page text PDF (pages/s) and of a 20-page PDF (s);
 * - OCR pages/s on a scanned PDF;
 * - searchKnowledge p50/p99 on the knowledge subgraph over N chunks in one persona
 *   (seeded through the same chunk and vector services the worker uses),
 *   at rest, while 200-chunk sources keep arriving in that persona, and right
 *   after one of its sources is deleted;
 * - the ingest worker's peak RSS (VmHWM).
 * Usage: npm run bench:ingest [-- chunks=10000 searches=300 ingest=1 writes=1 deletes=1 sides=1]
 * (ingest=0 skips the PDF timings, writes=0 the searches while sources are
 * added, deletes=0 those after a delete, sides=0 the in-process split of a search)
 */
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`${name}=`))?.split('=')[1] ?? fallback);

const WORDS = Array.from({ length: 4000 }, (_, i) => `${['ka', 'mu', 'ri', 'to', 'ne', 'sa', 'lo', 'vi'][i % 8]}${['ba', 'ge', 'di', 'ko', 'nu', 'pe'][Math.floor(i / 8) % 6]}${i}`);
const sentence = (seed: number, length: number) => Array.from({ length }, (_, i) => WORDS[(seed * 7919 + i * 104729) % WORDS.length]).join(' ');
const pageText = (n: number) => `Page ${n}. ${Array.from({ length: 12 }, (_, s) => `${sentence(n * 13 + s, 14)}.`).join(' ')}`;

async function timeToReady(admin: Session, personaId: string, pdf: Buffer, name: string) {
  const t0 = performance.now();
  const created = await uploadOk(admin.client, personaId, pdf, name);
  const source = await settled(admin.client, created.id, 600_000);
  if (source.status !== 'READY') throw new Error(`${name}: ${source.status} ${source.error}`);
  return { seconds: (performance.now() - t0) / 1000, chunks: source.chunkCount };
}

/** Upload → READY of a 200-page and a 20-page text PDF, and of a 4-page scan (OCR). */
async function ingestTimings(admin: Session, personaId: string) {
  const pdf200 = await makeTextPdf(Array.from({ length: 200 }, (_, i) => pageText(i + 1)));
  const pdf20 = await makeTextPdf(Array.from({ length: 20 }, (_, i) => pageText(1000 + i)));
  const scanned = await makeScannedPdf(...Array.from({ length: 4 }, (_, i) => [`PAGE ${i + 1} OF THE SCAN`, 'THE RIVER FLOWS NORTH', 'THE HILLS ARE GREEN']));
  await timeToReady(admin, personaId, pdf20, 'warmup.pdf');
  const big = await timeToReady(admin, personaId, pdf200, 'two-hundred.pdf');
  const small = await timeToReady(admin, personaId, pdf20, 'twenty.pdf');
  const ocr = await timeToReady(admin, personaId, scanned, 'scanned.pdf');
  return {
    textPdf200: { seconds: +big.seconds.toFixed(2), pagesPerSecond: +(200 / big.seconds).toFixed(1), chunks: big.chunks },
    textPdf20: { secondsToReady: +small.seconds.toFixed(2), chunks: small.chunks },
    scannedPdf4: { seconds: +ocr.seconds.toFixed(2), ocrPagesPerSecond: +(4 / ocr.seconds).toFixed(2) },
  };
}

/** Writes sources of chunks and their vectors through the same services the ingest worker uses. */
function openSeeder(orgId: string, userId: string, personaId: string) {
  const prisma = createPrisma(testRun().databaseUrl, 4);
  const sources = new SourceService(prisma);
  const chunks = new ChunkService(prisma);
  const embedder = new OfflineHashEmbedder();
  const store = new PostgresVectorStore({ databaseUrl: testRun().databaseUrl, cacheBytes: 512 * 1024 * 1024 });
  return {
    personaId,
    /** one source of `count` chunks, their text numbered from `start` */
    async addSource(start: number, count: number) {
      const row = await sources.create({
        orgId, personaId, title: `Seed ${start}`, kind: 'TEXT', mimeType: 'text/plain', sizeBytes: 1, blobKey: `seed/${randomUUID()}.txt`, sha256: '0', reservationId: null, createdById: userId,
      });
      const pieces = Array.from({ length: count }, (_, i) => {
        const text = Array.from({ length: 10 }, (_, s) => `${sentence(start + i * 31 + s, 20)}.`).join(' ');
        return { index: i, text, tokenCount: Math.round(text.length / 4), location: { label: `seed ${start + i}` } };
      });
      const ids = await chunks.replace(row, pieces);
      const vectors = await embedder.embed(pieces.map((p) => p.text));
      await store.upsert(ids.map((chunkId, i) => ({ chunkId, orgId, personaId, sourceId: row.id, model: embedder.model, vector: vectors[i]! })));
      await sources.markReady(row.id, { chunkCount: pieces.length, embeddingModel: embedder.model, embeddingDimension: embedder.dimension, units: 1, ocrUnits: 0 });
      return row.id;
    },
    // as the ingest worker does after large writes (and autovacuum would, later)
    refreshStatistics: () => chunks.refreshStatistics(),
    async close() {
      await store.close();
      await prisma.$disconnect();
    },
  };
}

async function whileAdding<T>(admin: Session, personaId: string, work: (seeder: ReturnType<typeof openSeeder>) => Promise<T>): Promise<T> {
  const seeder = openSeeder(admin.orgId, admin.userId, personaId);
  try {
    return await work(seeder);
  } finally {
    await seeder.close();
  }
}

/** Seeds `count` chunks in sources of 1,000; returns the sources' ids. */
async function seedChunks(orgId: string, userId: string, personaId: string, count: number): Promise<string[]> {
  const seeder = openSeeder(orgId, userId, personaId);
  const perSource = 1000;
  const ids: string[] = [];
  try {
    for (let start = 0; start < count; start += perSource) ids.push(await seeder.addSource(start, Math.min(perSource, count - start)));
    await seeder.refreshStatistics();
    return ids;
  } finally {
    await seeder.close();
  }
}

/** searchKnowledge over one kept-alive connection to the knowledge subgraph, as persona's retrieval asks it. */
function searchClient(stack: Stack, token: string, personaId: string) {
  const client = jsonPoster(`${stack.url('knowledge')}/graphql`, { authorization: `Bearer ${token}` });
  const query = 'query($personaId: ID!, $query: String!) { searchKnowledge(personaId: $personaId, query: $query, limit: 10) { chunkId text score location source { id title } } }';
  const timed = async (payload: unknown) => {
    const t0 = performance.now();
    const body = await client.post<{ errors?: unknown[] }>(payload);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return performance.now() - t0;
  };
  const ask = (i: number) => timed({ query, variables: { personaId, query: `what does ${sentence(i * 17, 4)} mean?` } });
  return { timed, ask, close: () => client.close() };
}

async function searchLatencies(stack: Stack, token: string, personaId: string, searches: number) {
  const { timed, ask, close } = searchClient(stack, token, personaId);
  try {
    for (let i = 0; i < 20; i++) await ask(100_000 + i); // warm-up: the persona's vectors and keyword index load into memory once
    // the same server, client and token with nothing to do: what HTTP, GraphQL and this machine cost alone
    const floor: number[] = [];
    for (let i = 0; i < 300; i++) floor.push(await timed({ query: '{ __typename }' }));
    const latencies: number[] = [];
    const pid = stack.pids().knowledge!;
    const cpuBefore = await cpuMs(pid);
    for (let i = 0; i < searches; i++) latencies.push(await ask(i));
    // CPU the subgraph spent per search: steadier than wall time on a shared machine
    const cpuPerSearchMs = ((await cpuMs(pid)) - cpuBefore) / searches;
    return { ...summary(latencies), cpuPerSearchMs: +cpuPerSearchMs.toFixed(2), typenameFloor: summary(floor) };
  } finally {
    close();
  }
}

/** chunks per source added, and the pause between sources, while searchWhileWriting measures */
const WRITE_CHUNKS = 200;
const WRITE_GAP_MS = 500;

/**
 * searchKnowledge while sources keep arriving in the same persona, as while
 * a teacher uploads: every write makes the keyword index and the vectors
 * catch up before the next search can answer from them.
 */
async function searchWhileWriting(stack: Stack, token: string, seeder: ReturnType<typeof openSeeder>, firstChunk: number, searches: number) {
  const { ask, close } = searchClient(stack, token, seeder.personaId);
  let writing = true;
  let writes = 0;
  const writer = (async () => {
    while (writing) {
      await seeder.addSource(firstChunk + writes * WRITE_CHUNKS, WRITE_CHUNKS);
      writes++;
      await new Promise((resolve) => setTimeout(resolve, WRITE_GAP_MS));
    }
  })();
  const latencies: number[] = [];
  try {
    for (let i = 0; i < searches; i++) latencies.push(await ask(200_000 + i));
  } finally {
    writing = false;
    await writer;
    close();
  }
  return { ...summary(latencies), writes, chunksPerWrite: WRITE_CHUNKS, pauseBetweenWritesMs: WRITE_GAP_MS };
}

/** how long searchAfterDelete keeps searching after the delete */
const AFTER_DELETE_MS = 3_000;

/**
 * searchKnowledge right after a 1,000-chunk source of the persona is deleted
 * (deleteKnowledgeSource through the gateway): chunks and vectors left, so
 * both sides of the search rebuild their view of the persona.
 */
async function searchAfterDelete(stack: Stack, admin: Session, personaId: string, sourceId: string) {
  const { ask, close } = searchClient(stack, admin.token, personaId);
  try {
    await admin.client.ok(DELETE, { id: sourceId });
    const latencies: number[] = [];
    const t0 = performance.now();
    for (let i = 0; performance.now() - t0 < AFTER_DELETE_MS; i++) latencies.push(await ask(300_000 + i));
    return { firstMs: +latencies[0]!.toFixed(1), ...summary(latencies), windowMs: AFTER_DELETE_MS };
  } finally {
    close();
  }
}

/** The two sides of a search, timed in this process on the same data (where the subgraph's time goes). */
async function sideLatencies(orgId: string, personaId: string, searches: number) {
  const keywords = new KeywordIndexStore({ databaseUrl: testRun().databaseUrl, poolSize: 2, cacheBytes: 512 * 1024 * 1024 });
  const pool = new pg.Pool({ connectionString: testRun().databaseUrl, max: 2 });
  const hitRows = new HitReader(pool);
  const embedder = new OfflineHashEmbedder();
  const store = new PostgresVectorStore({ databaseUrl: testRun().databaseUrl, cacheBytes: 512 * 1024 * 1024 });
  const question = (i: number) => `what does ${sentence(i * 17, 4)} mean?`;
  try {
    const keyword: number[] = [];
    const keywordSql: number[] = [];
    const vector: number[] = [];
    const rows: number[] = [];
    let t0 = performance.now();
    await keywords.search(orgId, personaId, question(999), 20);
    const keywordIndexLoadMs = +(performance.now() - t0).toFixed(0);
    for (let i = -20; i < searches; i++) {
      t0 = performance.now();
      const hits = await keywords.search(orgId, personaId, question(i + 1000), 20);
      if (i >= 0) keyword.push(performance.now() - t0);
      // what follows the merge: the hits' chunk rows with their sources, in one query
      t0 = performance.now();
      const top = hits.slice(0, 10);
      await hitRows.read(orgId, personaId, top.map((h) => h.chunkId));
      if (i >= 0) rows.push(performance.now() - t0);
      t0 = performance.now();
      await keywords.fullTextSearch(orgId, personaId, question(i + 1000), 20);
      if (i >= 0) keywordSql.push(performance.now() - t0);
      t0 = performance.now();
      const [v] = await embedder.embed([question(i + 1000)]);
      await store.query({ orgId, personaId, model: embedder.model, vector: v!, limit: 20 });
      if (i >= 0) vector.push(performance.now() - t0);
    }
    const p = (xs: number[], q: number) => +percentile(xs.sort((a, b) => a - b), q).toFixed(2);
    return {
      keywordIndexLoadMs,
      keywordIndexMb: +(keywords.cachedBytes / 1024 / 1024).toFixed(1),
      keywordP50: p(keyword, 50),
      keywordP99: p(keyword, 99),
      keywordSqlP50: p(keywordSql, 50),
      keywordSqlP99: p(keywordSql, 99),
      vectorP50: p(vector, 50),
      vectorP99: p(vector, 99),
      chunkAndSourceRowsP50: p(rows, 50),
      chunkAndSourceRowsP99: p(rows, 99),
    };
  } finally {
    await Promise.all([store.close(), keywords.close(), pool.end()]);
  }
}

async function main() {
  const chunkCount = arg('chunks', 10_000);
  const searches = arg('searches', 300);
  await withBenchEnvironment(async () => {
    const stack = await Stack.start({ subgraphs: ['identity', 'persona', 'knowledge'], workers: ['ingest-worker'], env: { INGEST_CONCURRENCY: '1' } });
    try {
      const admin = await registerAdmin(stack.client());
      const personaId = await createPersona(admin.client);
      const ingest = arg('ingest', 1) ? await ingestTimings(admin, personaId) : undefined;
      const searchPersona = await createPersona(admin.client);
      const seeded = await seedChunks(admin.orgId, admin.userId, searchPersona, chunkCount);
      const search = await searchLatencies(stack, admin.token, searchPersona, searches);
      const whileWriting = arg('writes', 1) ? await whileAdding(admin, searchPersona, (seeder) => searchWhileWriting(stack, admin.token, seeder, chunkCount, searches)) : undefined;
      const afterDelete = arg('deletes', 1) ? await searchAfterDelete(stack, admin, searchPersona, seeded[0]!) : undefined;
      const sides = arg('sides', 1) ? await sideLatencies(admin.orgId, searchPersona, searches) : undefined;
      const workerPeakMb = Math.round((await memoryKb(stack.pids()['ingest-worker']!, 'VmHWM')) / 1024);

      console.log(
        JSON.stringify(
          {
            ...ingest,
            search: { chunks: chunkCount, ...search, whileWriting, afterDelete, sides },
            ingestWorkerPeakRssMb: workerPeakMb,
            targets: { pagesPerSecond: 50, secondsToReady20: 3, searchP99Ms: 20 },
          },
          null,
          2,
        ),
      );
    } finally {
      await stack.stop();
    }
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
