import path from 'node:path';
import { createEventPublisher } from '../../internal/events/events.js';
import { PubSub } from '../../internal/pubsub.js';
import { createWorkerService, openWorkerResources, type WorkerService } from '../../internal/server/worker-service.js';
import { LocalBlobStore } from '../../internal/storage/blob-store.js';
import { createEmbeddingProvider, createVectorStore } from '../../subgraphs/knowledge/search/index.js';
import { blobDirOf } from '../../subgraphs/knowledge/config.js';
import { closePdfThread, createIngestDeps } from '../../subgraphs/knowledge/ingest/index.js';
import { IngestQueue } from '../../subgraphs/knowledge/queue/ingest-queue.js';
import { ChunkService } from '../../subgraphs/knowledge/search/chunk.service.js';
import { SourceService } from '../../subgraphs/knowledge/source/source.service.js';
import type { IngestWorkerConfig } from './config.js';
import { createIngestConsumer } from './ingest.consumer.js';
import { IngestRunner } from './ingest-runner.js';
import { requeueOrphans } from './recovery.js';

export type IngestWorker = WorkerService;

/** The ingest worker: drains the knowledge ingest queue; /health, /ready, /metrics on PORT. */
export async function createIngestWorker(config: IngestWorkerConfig): Promise<IngestWorker> {
  const resources = openWorkerResources('ingest-worker', config);
  const { log, metrics, prisma, connection } = resources;
  const pubsub = new PubSub(config.REDIS_URL, config.REDIS_KEY_PREFIX, log);
  const events = createEventPublisher({ redisUrl: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX }, log);
  const queue = new IngestQueue({ redisUrl: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX, attempts: config.INGEST_ATTEMPTS, backoffMs: config.INGEST_BACKOFF_MS });
  const sources = new SourceService(prisma);
  const vectors = createVectorStore(config, {
    databaseUrl: config.DATABASE_URL,
    onIdleError: (err) => log.warn({ err }, 'vector store: an idle database connection failed'),
  });
  const { ocr, transcriber, limits } = createIngestDeps(config, (message) => log.error({ message }, 'OCR engine error'));
  const runner = new IngestRunner({
    sources,
    chunks: new ChunkService(prisma),
    blobs: new LocalBlobStore(blobDirOf(config)),
    embedder: createEmbeddingProvider(config),
    vectors,
    ocr,
    transcriber,
    limits,
    pubsub,
    events,
    log,
    tmpDir: path.join(path.resolve(config.BWENGE_DATA_DIR), 'tmp', 'ingest'),
    chunkTokens: config.CHUNK_TOKENS,
    overlapTokens: config.CHUNK_OVERLAP_TOKENS,
    embedBatchSize: config.EMBED_BATCH_SIZE,
  });
  const consumer = createIngestConsumer({
    connection,
    prefix: config.REDIS_KEY_PREFIX,
    concurrency: config.INGEST_CONCURRENCY,
    lockMs: config.INGEST_LOCK_MS,
    runner,
    sources,
    pubsub,
    events,
    log,
    registry: metrics.registry,
  });

  const sweep = () => requeueOrphans(sources, queue, log).catch((err: unknown) => log.error({ err }, 'recovery sweep failed'));
  await sweep();
  const sweeper = setInterval(() => void sweep(), config.INGEST_SWEEP_MS);
  sweeper.unref();

  return createWorkerService({
    log,
    metrics,
    readiness: {
      ...resources.readiness,
      consumer: async () => {
        if (!consumer.worker.isRunning()) throw new Error('the ingest consumer is not running');
      },
    },
    stop: resources.closeAfter(async () => {
      clearInterval(sweeper);
      // finish the jobs in hand if they can within most of the shutdown budget, else hand them back
      await consumer.close(Math.max(500, config.SHUTDOWN_TIMEOUT_MS - 3_000));
      await Promise.all([queue.close(), events.close(), pubsub.close(), vectors.close(), ocr.close(), closePdfThread()]);
    }),
  });
}
