import { loadConfig } from '../../internal/config/env.js';
import {
  createEmbeddingProvider,
  createVectorStore,
  embeddingEnv,
  OfflineHashEmbedder,
  PostgresVectorStore,
  vectorStoreEnv,
  WeaviateVectorStore,
} from '../../subgraphs/knowledge/search/index.js';

describe('createEmbeddingProvider', () => {
  const config = (vars: Record<string, string>) => loadConfig(embeddingEnv, vars);

  test('AUTO picks OpenAI when its key is set, else Gemini, else the offline embedder', () => {
    expect(createEmbeddingProvider(config({ OPENAI_API_KEY: 'k', GEMINI_API_KEY: 'g' })).model).toBe('openai:text-embedding-3-small:1536');
    expect(createEmbeddingProvider(config({ GEMINI_API_KEY: 'g' })).model).toBe('gemini:text-embedding-004');
    expect(createEmbeddingProvider(config({}))).toBeInstanceOf(OfflineHashEmbedder);
    expect(createEmbeddingProvider(config({ EMBEDDING_PROVIDER: 'OFFLINE', OPENAI_API_KEY: 'k' })).model).toBe('offline-hash-v1');
    expect(createEmbeddingProvider(config({ OPENAI_API_KEY: 'k', OPENAI_EMBEDDING_DIMENSIONS: '512' })).model).toBe('openai:text-embedding-3-small:512');
  });

  test('a named provider without its key, or a bad value, is a configuration error', () => {
    expect(() => createEmbeddingProvider(config({ EMBEDDING_PROVIDER: 'GEMINI' }))).toThrow(/GEMINI_API_KEY/);
    expect(() => config({ EMBEDDING_PROVIDER: 'COHERE' })).toThrow(/EMBEDDING_PROVIDER/);
  });
});

describe('createVectorStore', () => {
  const config = (vars: Record<string, string>) => loadConfig(vectorStoreEnv, vars);
  const deps = { databaseUrl: 'postgresql://nobody@127.0.0.1:1/none' };

  test('AUTO is Weaviate when WEAVIATE_URL is set, else the embedded store; the cache budget is in MB', async () => {
    const weaviate = createVectorStore(config({ WEAVIATE_URL: 'http://127.0.0.1:1', WEAVIATE_API_KEY: 'k' }), deps);
    expect(weaviate).toBeInstanceOf(WeaviateVectorStore);
    const embedded = createVectorStore(config({ WEAVIATE_URL: 'http://127.0.0.1:1', VECTOR_STORE: 'EMBEDDED', VECTOR_CACHE_MB: '8' }), deps);
    expect(embedded).toBeInstanceOf(PostgresVectorStore);
    expect(createVectorStore(config({}), deps)).toBeInstanceOf(PostgresVectorStore);
    await Promise.all([weaviate.close(), embedded.close()]);
  });

  test('WEAVIATE without a URL, or the embedded store without a database, is a configuration error', () => {
    expect(() => createVectorStore(config({ VECTOR_STORE: 'WEAVIATE' }), deps)).toThrow(/WEAVIATE_URL/);
    expect(() => createVectorStore(config({}), {})).toThrow(/pool or a databaseUrl/);
    expect(() => config({ WEAVIATE_URL: 'not a url' })).toThrow(/WEAVIATE_URL/);
  });
});
