import { randomUUID } from 'node:crypto';
import { OfflineHashEmbedder, PostgresVectorStore, type VectorRecord } from '../subgraphs/knowledge/search/index.js';
import { DotKernel } from '../subgraphs/knowledge/search/dot-kernel.js';
import { Int8Kernel } from '../subgraphs/knowledge/search/int8-kernel.js';
import { testRun } from '../tests/support/test-env.js';
import { percentile, withBenchEnvironment } from './harness.js';

// Embedded vector store: query latency over 10k and 100k vectors in one
// persona (with 100k more in other personas and orgs to prove the filter
// costs nothing), cold load and reload after a write, write throughput,
// offline embedder throughput, memory. Usage: npm run bench:search
const DIM = 256;
const MODEL = 'offline-hash-v1';
const QUERIES = 300;

function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(42);
const unitVector = () => {
  const v = new Float32Array(DIM);
  let n = 0;
  for (let i = 0; i < DIM; i++) n += (v[i] = random() * 2 - 1) ** 2;
  for (let i = 0; i < DIM; i++) v[i]! /= Math.sqrt(n);
  return v;
};
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const WORDS = 'cell energy light plant glucose oxygen water carbon dioxide leaf root membrane protein enzyme reaction chlorophyll stage cycle sugar molecule acid base atom force mass motion revolution empire treaty economy trade river mountain climate'.split(' ');
const paragraph = (words: number) => Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');

async function writeSet(store: PostgresVectorStore, orgId: string, personaId: string, count: number): Promise<{ vectors: Float32Array[]; ids: string[]; seconds: number }> {
  const vectors: Float32Array[] = [];
  const ids: string[] = [];
  const t0 = performance.now();
  for (let start = 0; start < count; start += 2_000) {
    const batch: VectorRecord[] = [];
    const sourceId = randomUUID();
    for (let i = start; i < Math.min(count, start + 2_000); i++) {
      const vector = unitVector();
      const chunkId = randomUUID();
      vectors.push(vector);
      ids.push(chunkId);
      batch.push({ chunkId, orgId, personaId, sourceId, model: MODEL, vector });
    }
    await store.upsert(batch);
  }
  return { vectors, ids, seconds: (performance.now() - t0) / 1000 };
}

async function measure(store: PostgresVectorStore, orgId: string, personaId: string, set: { vectors: Float32Array[]; ids: string[] }) {
  let t0 = performance.now();
  await store.query({ orgId, personaId, model: MODEL, vector: unitVector(), limit: 10 });
  const coldMs = performance.now() - t0;
  const latencies: number[] = [];
  for (let q = 0; q < QUERIES; q++) {
    const vector = unitVector();
    t0 = performance.now();
    await store.query({ orgId, personaId, model: MODEL, vector, limit: 10 });
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  // exactness: compare with a plain JS scan on a few queries
  let agree = 0;
  const checks = 20;
  for (let c = 0; c < checks; c++) {
    const vector = unitVector();
    const hits = await store.query({ orgId, personaId, model: MODEL, vector, limit: 10 });
    const truth = set.vectors
      .map((v, i) => ({ i, s: v.reduce((acc, x, k) => acc + x * vector[k]!, 0) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 10)
      .map((e) => set.ids[e.i]);
    agree += hits.filter((h) => truth.includes(h.chunkId)).length;
  }
  return { coldLoadMs: +coldMs.toFixed(0), p50: +percentile(latencies, 50).toFixed(2), p99: +percentile(latencies, 99).toFixed(2), max: +latencies.at(-1)!.toFixed(2), recallAt10: agree / (checks * 10) };
}

async function main() {
  const embedder = new OfflineHashEmbedder();
  const texts = Array.from({ length: 2_000 }, () => paragraph(350)); // ~500-token chunks
  await embedder.embed(texts.slice(0, 100));
  let t0 = performance.now();
  await embedder.embed(texts);
  const embedSeconds = (performance.now() - t0) / 1000;
  console.log(`offline embedder: ${Math.round(texts.length / embedSeconds)} texts/s (350-word chunks, dimension ${DIM})`);

  const kernel = new DotKernel(DIM, 100_000);
  const quantized = new Int8Kernel(DIM, 100_000);
  for (let i = 0; i < kernel.rows.length; i++) kernel.rows[i] = random() - 0.5;
  for (let r = 0; r < 100_000; r++) quantized.setRow(r, kernel.rows, r * kernel.stride);
  for (const [label, scan] of [['float32 exact', (v: Float32Array) => kernel.score(v)], ['int8 pre-scan', (v: Float32Array) => quantized.score(v, 100_000)]] as const) {
    const scans: number[] = [];
    for (let q = 0; q < 200; q++) {
      const vector = unitVector();
      t0 = performance.now();
      scan(vector);
      scans.push(performance.now() - t0);
    }
    scans.sort((a, b) => a - b);
    console.log(`in-memory scan alone, ${label}, 100k × ${DIM}: p50 ${percentile(scans, 50).toFixed(2)} ms, p99 ${percentile(scans, 99).toFixed(2)} ms`);
  }

  await withBenchEnvironment(async () => {
    const store = new PostgresVectorStore({ databaseUrl: testRun().databaseUrl, cacheBytes: 512 * 1024 * 1024 });
    const org = randomUUID();
    const [small, large] = [randomUUID(), randomUUID()];
    const smallSet = await writeSet(store, org, small, 10_000);
    const largeSet = await writeSet(store, org, large, 100_000);
    console.log(`writes: ${Math.round(110_000 / (smallSet.seconds + largeSet.seconds))} vectors/s (batches of 2,000)`);
    // 100k more in 10 other personas: 5 in the same org, 5 in other orgs
    for (let p = 0; p < 10; p++) await writeSet(store, p < 5 ? org : randomUUID(), randomUUID(), 10_000);

    const rssBefore = process.memoryUsage().rss;
    console.log('10k vectors in one persona:', JSON.stringify(await measure(store, org, small, smallSet)));
    console.log('100k vectors in one persona:', JSON.stringify(await measure(store, org, large, largeSet)));
    const rssAfter = process.memoryUsage().rss;
    console.log(`cache: ${mb(store.cachedBytes)} MB accounted; process RSS ${mb(rssBefore)} → ${mb(rssAfter)} MB after loading both sets`);

    // a write elsewhere (the ingest worker) makes the next query reload the persona's set
    await store.upsert([{ chunkId: randomUUID(), orgId: org, personaId: large, sourceId: randomUUID(), model: MODEL, vector: unitVector() }]);
    t0 = performance.now();
    await store.query({ orgId: org, personaId: large, model: MODEL, vector: unitVector(), limit: 10 });
    console.log(`first query after a write to the 100k persona (reload): ${(performance.now() - t0).toFixed(0)} ms`);
    await store.close();
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
