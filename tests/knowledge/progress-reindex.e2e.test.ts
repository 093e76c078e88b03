import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { ROOT } from '../../scripts/dev/processes.js';
import { PostgresVectorStore } from '../../subgraphs/knowledge/search/index.js';
import { codes, registerAdmin, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { testRun } from '../support/test-env.js';
import { bearer, Connections, Recorder, until } from '../support/ws.js';
import { createPersona } from '../persona/persona-support.js';
import { makeTextPdf } from './fixtures/index.js';
import { PROGRESS, REINDEX, search, settled, SOURCE, uploadOk, type SourceView } from './knowledge-client.js';

const run = promisify(execFile);

let stack: Stack;
let db: pg.Client;
let admin: Session;
let personaId: string;
const connections = new Connections(() => stack.gatewayUrl);

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'persona', 'knowledge'], workers: ['ingest-worker'] });
  db = new pg.Client({ connectionString: testRun().databaseUrl });
  await db.connect();
  admin = await registerAdmin(stack.client());
  personaId = await createPersona(admin.client);
}, 120_000);
afterEach(() => connections.closeAll());
afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

type Progress = Pick<SourceView, 'id' | 'status' | 'progress' | 'chunkCount' | 'error'>;

describe('knowledgeSourceProgress through the gateway', () => {
  test('a subscriber sees PENDING, then PROCESSING with growing progress, then READY with its chunks', async () => {
    // the worker is stopped so the subscription is open before the work starts
    await stack.kill('ingest-worker', 'SIGTERM');
    const pdf = await makeTextPdf(Array.from({ length: 40 }, (_, i) => `Page ${i + 1} of the atlas. ${'Hills and valleys cover the land. '.repeat(30)}`));
    const created = await uploadOk(admin.client, personaId, pdf, 'atlas.pdf');
    const ws = connections.connect(bearer(admin.token));
    const events = new Recorder<{ knowledgeSourceProgress: Progress }>(ws.client, PROGRESS, { id: created.id });
    await until('the current state first', () => events.results.length > 0);
    await stack.restart('ingest-worker');
    await until('READY', () => events.data.some((d) => d?.knowledgeSourceProgress.status === 'READY'), 120_000);

    const seen = events.data.map((d) => d.knowledgeSourceProgress);
    expect(seen[0]).toMatchObject({ id: created.id, status: 'PENDING' });
    expect(seen.some((s) => s.status === 'PROCESSING')).toBe(true);
    const processing = seen.filter((s) => s.status === 'PROCESSING').map((s) => s.progress);
    expect(processing).toEqual([...processing].sort((a, b) => a - b));
    expect(seen.at(-1)).toMatchObject({ status: 'READY', progress: 1, error: null });
    expect(seen.at(-1)!.chunkCount).toBeGreaterThan(0);
  }, 180_000);

  test('a source of another organization cannot be watched', async () => {
    const created = await uploadOk(admin.client, personaId, Buffer.from('Imigongo art is made with cow dung.'), 'imigongo.txt');
    const other = await registerAdmin(stack.client());
    const events = new Recorder(connections.connect(bearer(other.token)).client, PROGRESS, { id: created.id });
    await until('refused', () => events.ended);
    // the refusal comes as an execution result with errors, or as the stream's error
    const refusal = [...events.errorCodes, ...events.results.flatMap((r) => (r.errors ?? []).map((e) => e.extensions?.code))];
    expect(refusal).toEqual(['NOT_FOUND']);
    expect(events.results.every((r) => !r.data)).toBe(true);
  });
});

describe('reindexing after the embedding model changed', () => {
  test('a source embedded by an old model (another dimension) is found by keywords, then reindexed — one by one and in bulk', async () => {
    const text = 'The Akagera national park shelters lions, rhinos and giraffes in eastern Rwanda.';
    const first = await settled(admin.client, (await uploadOk(admin.client, personaId, Buffer.from(text), 'akagera.txt')).id);
    const second = await settled(admin.client, (await uploadOk(admin.client, personaId, Buffer.from(`${text} Boats cross Lake Ihema.`), 'ihema.txt')).id);
    await pretendEmbeddedBy('old-model-8d', 8, [first.id, second.id]);

    // vectors of the old model are never compared with the current model's: keywords still find both
    const hits = await search(admin.client, personaId, 'Where do the lions and rhinos of Akagera live?', 5);
    expect(hits.map((h) => h.source.id)).toEqual(expect.arrayContaining([first.id, second.id]));

    const reindexed = await admin.client.ok(REINDEX, { id: first.id });
    expect(reindexed.reindexKnowledgeSource).toEqual({ id: first.id, status: 'PENDING' });
    expect(await settled(admin.client, first.id)).toMatchObject({ status: 'READY', embeddingModel: 'offline-hash-v1', embeddingDimension: 256 });

    const { stdout } = await run(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'knowledge-reindex.js')], { env: stack.env });
    expect(JSON.parse(stdout)).toMatchObject({ model: 'offline-hash-v1', sourceIds: [second.id] });
    expect(await settled(admin.client, second.id)).toMatchObject({ status: 'READY', embeddingModel: 'offline-hash-v1' });
    const vectors = await db.query('SELECT DISTINCT model FROM knowledge_vectors WHERE source_id = ANY($1::uuid[])', [[first.id, second.id]]);
    expect(vectors.rows).toEqual([{ model: 'offline-hash-v1' }]);
    expect((await search(admin.client, personaId, 'Akagera lions rhinos', 5)).map((h) => h.source.id)).toEqual(expect.arrayContaining([first.id, second.id]));
  }, 180_000);

  test('only ADMIN or TEACHER of the organization may reindex', async () => {
    const created = await uploadOk(admin.client, personaId, Buffer.from('Kigali is the capital.'), 'kigali.txt');
    const other = await registerAdmin(stack.client());
    expect(codes(await other.client.request(REINDEX, { id: created.id }))).toEqual(['NOT_FOUND']);
    expect((await other.client.ok(SOURCE, { id: created.id })).knowledgeSource).toBeNull();
  });
});

/** What a source embedded before a model change looks like: its vectors of another model and dimension, recorded on the row. */
async function pretendEmbeddedBy(model: string, dimension: number, sourceIds: string[]) {
  const store = new PostgresVectorStore({ databaseUrl: testRun().databaseUrl, cacheBytes: 1024 * 1024 });
  try {
    for (const sourceId of sourceIds) {
      const chunks = await db.query('SELECT id, org_id, persona_id FROM knowledge_chunks WHERE source_id = $1', [sourceId]);
      await store.deleteSource(admin.orgId, sourceId);
      await store.upsert(
        chunks.rows.map((c) => ({ chunkId: c.id, orgId: c.org_id, personaId: c.persona_id, sourceId, model, vector: Float32Array.from({ length: dimension }, (_, i) => (i === 0 ? 1 : 0)) })),
      );
      await db.query('UPDATE knowledge_sources SET embedding_model = $2, embedding_dimension = $3 WHERE id = $1', [sourceId, model, dimension]);
    }
  } finally {
    await store.close();
  }
}
