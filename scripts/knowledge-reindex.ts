import { ConfigError } from '../internal/config/env.js';
import { createPrisma } from '../internal/db/prisma.js';
import { loadKnowledgeConfig } from '../subgraphs/knowledge/config.js';
import { IngestQueue } from '../subgraphs/knowledge/queue/ingest-queue.js';
import { createEmbeddingProvider } from '../subgraphs/knowledge/search/index.js';
import { reindexOtherModels } from '../subgraphs/knowledge/source/bulk-reindex.js';
import { SourceService } from '../subgraphs/knowledge/source/source.service.js';

/**
 * `npm run knowledge:reindex`: after a change of embedding provider or model,
 * queues every READY source embedded with another model for the ingest
 * worker, with the knowledge subgraph's configuration (DATABASE_URL,
 * REDIS_URL, REDIS_KEY_PREFIX, EMBEDDING_*).
 */
async function main() {
  const config = loadKnowledgeConfig();
  const model = createEmbeddingProvider(config).model;
  const prisma = createPrisma(config.DATABASE_URL, 2);
  const queue = new IngestQueue({ redisUrl: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX, attempts: config.INGEST_ATTEMPTS, backoffMs: config.INGEST_BACKOFF_MS });
  try {
    const queued = await reindexOtherModels(new SourceService(prisma), queue, model);
    process.stdout.write(`${JSON.stringify({ model, queued: queued.length, sourceIds: queued })}\n`);
  } finally {
    await queue.close();
    await prisma.$disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
