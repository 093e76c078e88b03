import path from 'node:path';
import { createContextFactory } from '../../internal/graphql/context.js';
import { instanceContainer } from '../../internal/graphql/container.js';
import type { Logger } from '../../internal/logger.js';
import { PersonaDirectory } from '../../internal/persona-directory.js';
import { PubSub } from '../../internal/pubsub.js';
import { createBillingQuota } from '../../internal/quota/billing-quota.js';
import { createSubgraphServer, type SubgraphServer } from '../../internal/server/subgraph.js';
import { openSubgraphResources } from '../../internal/server/subgraph-resources.js';
import { attachSubscriptions } from '../../internal/server/subscriptions.js';
import { uploadMiddleware } from '../../internal/server/uploads.js';
import { LocalBlobStore } from '../../internal/storage/blob-store.js';
import { createEmbeddingProvider, createVectorStore } from './search/index.js';
import { blobDirOf, type KnowledgeConfig } from './config.js';
import type { KnowledgeContext, KnowledgeLoaders, ProgressFeed } from './context.js';
import { PersonaKnowledgeResolver } from './persona/persona.resolver.js';
import { IngestQueue } from './queue/ingest-queue.js';
import { buildSchema } from './schema.js';
import { HitReader } from './search/hit-reader.js';
import { poolOf } from './search/pg-pool.js';
import { SearchResolver } from './search/search.resolver.js';
import { KnowledgeSearch } from './search/search.service.js';
import { KeywordIndexStore } from './search/keyword-index.store.js';
import { SourceAdmin } from './source/source-admin.js';
import { progressEvents, progressTopic } from './source/source-progress.js';
import { SourceUploader } from './source/source-uploader.js';
import { createSourceLoaders } from './source/source.loader.js';
import { SourceResolver } from './source/source.resolver.js';
import { SourceService } from './source/source.service.js';
import type { SourceSnapshot } from './source/source.view.js';

export interface KnowledgeServer extends SubgraphServer {
  log: Logger;
}

/** Builds the knowledge subgraph (nothing listens until `listen`). */
export async function createKnowledgeServer(config: KnowledgeConfig): Promise<KnowledgeServer> {
  const resources = openSubgraphResources('knowledge', config);
  const { log, metrics, prisma, events, verifier } = resources;
  const pubsub = new PubSub(config.REDIS_URL, config.REDIS_KEY_PREFIX, log);
  const queue = new IngestQueue({ redisUrl: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX, attempts: config.INGEST_ATTEMPTS, backoffMs: config.INGEST_BACKOFF_MS });
  const blobs = new LocalBlobStore(blobDirOf(config));
  const embedder = createEmbeddingProvider(config);
  // one pool for the search path's own SQL (vectors, keyword index, hit rows); Prisma keeps its own
  const searchPool = poolOf({
    databaseUrl: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    onIdleError: (err) => log.warn({ err }, 'search: an idle database connection failed'),
  })!.pool;
  const vectors = createVectorStore(config, { pool: searchPool });
  const quota = createBillingQuota({ billingUrl: config.BILLING_URL });

  const sources = new SourceService(prisma);
  const keywords = new KeywordIndexStore({
    pool: searchPool,
    cacheBytes: config.KEYWORD_CACHE_MB * 1024 * 1024,
    onLoadError: (err) => log.warn({ err }, 'keyword index: reload failed; searching by PostgreSQL full-text'),
  });
  const uploader = new SourceUploader({
    sources,
    blobs,
    personas: new PersonaDirectory(config.PERSONA_URL),
    quota,
    queue,
    events,
    tmpDir: path.join(path.resolve(config.BWENGE_DATA_DIR), 'tmp', 'knowledge'),
    maxBytes: config.MAX_UPLOAD_BYTES,
    log,
  });
  const admin = new SourceAdmin({ sources, blobs, vectors, quota, queue, events, pubsub, log });
  const searcher = new KnowledgeSearch(new HitReader(searchPool), keywords, vectors, embedder, { vectorWeight: config.SEARCH_VECTOR_WEIGHT, log });
  const progress: ProgressFeed = {
    find: (orgId, id) => sources.findInOrg(orgId, id),
    open: async (orgId, source) => progressEvents(await pubsub.subscribe<SourceSnapshot>(progressTopic(orgId, source.id)), (await sources.findInOrg(orgId, source.id)) ?? source),
  };

  const schema = await buildSchema(instanceContainer([new SourceResolver(uploader, admin), new SearchResolver(searcher), new PersonaKnowledgeResolver()]));
  const baseContext = createContextFactory<KnowledgeLoaders>({
    verifier,
    log,
    createLoaders: (base) => createSourceLoaders(sources, base.claims?.org ?? null),
  });
  const context = async (request: Parameters<typeof baseContext>[0]): Promise<KnowledgeContext> => ({ ...(await baseContext(request)), progress });

  const server = await createSubgraphServer({
    name: 'knowledge',
    log,
    metrics,
    schema,
    context,
    attach: (httpServer) => attachSubscriptions(httpServer, { schema, context, log }),
    graphqlMiddleware: [uploadMiddleware(config.MAX_UPLOAD_BYTES)],
    readiness: { ...resources.readiness, redis: () => queue.ping() },
    onClose: resources.closeAfter(async () => {
      await Promise.all([queue.close(), pubsub.close(), vectors.close(), keywords.close()]);
      await searchPool.end();
    }),
  });
  return { ...server, log };
}
