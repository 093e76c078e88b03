import path from 'node:path';
import { z } from 'zod';
import { env, loadConfig, subgraphEnv, type ConfigOf } from '../../internal/config/env.js';
import { serviceUrl } from '../../internal/config/services.js';
import { embeddingEnv, vectorStoreEnv } from './search/index.js';

/** Where uploaded files live; shared by the subgraph and the ingest worker. */
export const blobEnv = {
  BLOB_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('folder of the local blob store (uploaded sources); default <BWENGE_DATA_DIR>/blobs. Every replica and the ingest worker must see the same folder'),
};

/** The blob folder a config names (BLOB_DIR or <BWENGE_DATA_DIR>/blobs). */
export const blobDirOf = (config: { BLOB_DIR?: string; BWENGE_DATA_DIR: string }) =>
  path.resolve(config.BLOB_DIR ?? path.join(config.BWENGE_DATA_DIR, 'blobs'));

/** How ingest jobs are retried; read by the subgraph (which queues them) and the worker. */
export const ingestJobEnv = {
  INGEST_ATTEMPTS: env.positiveInt(4).describe('tries of an ingest job before its source is FAILED (user errors fail at once)'),
  INGEST_BACKOFF_MS: env.positiveInt(2_000).describe('first retry delay of an ingest job in ms; doubles each try'),
};

export const envShape = {
  ...subgraphEnv,
  ...embeddingEnv,
  ...vectorStoreEnv,
  ...blobEnv,
  PORT: env.port(4002),
  PERSONA_URL: serviceUrl('persona'),
  BILLING_URL: serviceUrl('billing'),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024)
    .describe('largest knowledge upload in bytes (default 100 MiB); refused with PAYLOAD_TOO_LARGE while it streams'),
  KEYWORD_CACHE_MB: env
    .positiveInt(256)
    .describe('memory for cached personas’ in-memory keyword indexes (MB; 100k chunks of ~200 words take ~115 MB); a persona larger than all of it is searched by PostgreSQL full-text'),
  SEARCH_VECTOR_WEIGHT: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.6)
    .describe('weight of the vector side in hybrid search, 0..1 (the keyword side gets the rest)'),
  ...ingestJobEnv,
};
export type KnowledgeConfig = ConfigOf<typeof envShape>;
export const loadKnowledgeConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(envShape, source);
