import { z } from 'zod';
import { env, loadConfig, serviceEnv, subgraphEnv, type ConfigOf } from '../../internal/config/env.js';
import { ingestEnv } from '../../subgraphs/knowledge/ingest/index.js';
import { embeddingEnv, vectorStoreEnv } from '../../subgraphs/knowledge/search/index.js';
import { blobEnv, ingestJobEnv } from '../../subgraphs/knowledge/config.js';

export const envShape = {
  ...serviceEnv,
  ...ingestEnv,
  ...embeddingEnv,
  ...vectorStoreEnv,
  ...blobEnv,
  ...ingestJobEnv,
  DATABASE_URL: subgraphEnv.DATABASE_URL,
  DATABASE_POOL_SIZE: subgraphEnv.DATABASE_POOL_SIZE,
  PORT: env.port(4010),
  INGEST_CONCURRENCY: env.positiveInt(2).describe('sources ingested at once by this process'),
  INGEST_LOCK_MS: env.positiveInt(30_000).describe('BullMQ lock of a job in hand: a job whose worker died is picked up again after about this long'),
  INGEST_SWEEP_MS: env.positiveInt(60_000).describe('how often PENDING/PROCESSING sources without a queued job are queued again (also once at start)'),
  CHUNK_TOKENS: env.positiveInt(500).describe('target chunk size in tokens'),
  CHUNK_OVERLAP_TOKENS: z.coerce.number().int().min(0).default(50).describe('tokens repeated between neighbouring chunks'),
  EMBED_BATCH_SIZE: env.positiveInt(64).describe('chunks per embedding request'),
};
export type IngestWorkerConfig = ConfigOf<typeof envShape>;
export const loadIngestWorkerConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(envShape, source);
