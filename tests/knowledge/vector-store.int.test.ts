import { randomUUID } from 'node:crypto';
import { PostgresVectorStore, WeaviateVectorStore } from '../../subgraphs/knowledge/search/index.js';
import { startFakeWeaviate, type FakeWeaviate } from '../support/fake-weaviate.js';
import { testRun, uniqueId } from '../support/test-env.js';
import { vectorStoreConformance } from './vector-store.conformance.js';

vectorStoreConformance('embedded (PostgreSQL + in-memory exact scan)', () => ({
  create: async () => new PostgresVectorStore({ databaseUrl: testRun().databaseUrl, poolSize: 2, cacheBytes: 16 * 1024 * 1024 }),
  persistent: true,
}));

// the same behaviour when sets keep being evicted and reloaded (a 48 KB budget holds about one test's set)
vectorStoreConformance('embedded, with a cache too small to keep sets', () => ({
  create: async () => new PostgresVectorStore({ databaseUrl: testRun().databaseUrl, poolSize: 2, cacheBytes: 48 * 1024 }),
  persistent: true,
}));

describe('Weaviate adapter against a local server speaking Weaviate’s wire format', () => {
  let fake: FakeWeaviate;
  const prefix = `BwengeTest${uniqueId()}`;
  beforeAll(async () => {
    fake = await startFakeWeaviate({ apiKey: 'wv-key' });
  });
  afterAll(async () => {
    await fake.close();
  });

  test('sends one class per model (no vectorizer, multi-tenant, exact-match ids), tenant = org, and filters persona AND model', async () => {
    const store = new WeaviateVectorStore({ url: fake.url, apiKey: 'wv-key', classPrefix: prefix });
    const [orgId, personaId, sourceId] = [randomUUID(), randomUUID(), randomUUID()];
    const model = 'openai:text-embedding-3-small:4';
    fake.requests.length = 0;
    await store.upsert([{ chunkId: 'c-1', orgId, personaId, sourceId, model, vector: Float32Array.from([1, 0, 0, 0]) }]);
    const className = store.classFor(model);
    expect(className).toMatch(new RegExp(`^${prefix}_openai_text_embedding_3_small_4_[0-9a-f]{8}$`));
    const created = fake.requests.find((r) => r.method === 'POST' && r.url === '/v1/schema')!.body;
    expect(created).toMatchObject({ class: className, vectorizer: 'none', multiTenancyConfig: { enabled: true }, vectorIndexConfig: { distance: 'cosine' } });
    expect(created.properties.map((p: { name: string; tokenization: string }) => [p.name, p.tokenization])).toEqual([['chunkId', 'field'], ['personaId', 'field'], ['sourceId', 'field'], ['model', 'field']]);
    expect(fake.requests.find((r) => r.url === `/v1/schema/${className}/tenants` && r.method === 'POST')!.body).toEqual([{ name: orgId }]);
    const batch = fake.requests.find((r) => r.url === '/v1/batch/objects')!;
    expect(batch.headers.authorization).toBe('Bearer wv-key');
    expect(batch.body.objects).toEqual([{ class: className, id: expect.stringMatching(/^[0-9a-f-]{36}$/), tenant: orgId, vector: [1, 0, 0, 0], properties: { chunkId: 'c-1', personaId, sourceId, model } }]);
    expect(fake.count(className, orgId)).toBe(1);

    fake.requests.length = 0;
    const hits = await store.query({ orgId, personaId, model, vector: Float32Array.from([1, 1, 0, 0]), limit: 3 });
    expect(hits).toEqual([{ chunkId: 'c-1', sourceId, score: expect.closeTo(Math.SQRT1_2, 5) }]);
    const query = fake.requests.find((r) => r.url === '/v1/graphql')!.body.query as string;
    expect(query).toContain(`tenant:"${orgId}"`);
    expect(query).toContain(`{operator:And,operands:[{operator:Equal,valueText:"${personaId}",path:["personaId"]},{operator:Equal,valueText:"${model}",path:["model"]}]}`);
  });

  test('a wrong API key fails with Weaviate’s 401 in the message', async () => {
    const store = new WeaviateVectorStore({ url: fake.url, apiKey: 'wrong', classPrefix: prefix });
    await expect(store.query({ orgId: randomUUID(), personaId: randomUUID(), model: 'm', vector: Float32Array.from([1]), limit: 1 })).rejects.toThrow(/401/);
  });

  vectorStoreConformance('Weaviate (fake server)', () => ({
    create: async () => new WeaviateVectorStore({ url: fake.url, apiKey: 'wv-key', classPrefix: prefix }),
    persistent: false,
  }));
});

const liveWeaviate = process.env.WEAVIATE_URL;
if (liveWeaviate) {
  vectorStoreConformance(`Weaviate (live at ${liveWeaviate})`, () => ({
    create: async () => new WeaviateVectorStore({ url: liveWeaviate, apiKey: process.env.WEAVIATE_API_KEY, classPrefix: `BwengeTest${uniqueId()}` }),
    persistent: false,
  }));
} else {
  test.skip('Weaviate live conformance: set WEAVIATE_URL (and WEAVIATE_API_KEY) to run it against a real Weaviate', () => undefined);
}
