import { PostgresVectorStore } from '../../subgraphs/knowledge/search/index.js';
import { testRun } from '../support/test-env.js';
import { vectorStoreConformance } from './vector-store.conformance.js';

vectorStoreConformance('embedded (PostgreSQL + in-memory exact scan)', () => ({
  create: async () => new PostgresVectorStore({ databaseUrl: testRun().databaseUrl, poolSize: 2, cacheBytes: 16 * 1024 * 1024 }),
  persistent: true,
}));
