import type { IngestQueue } from '../queue/ingest-queue.js';
import type { SourceService } from './source.service.js';

/**
 * Queues a reindex of every READY source whose vectors were made by another
 * embedding model than `model` (after EMBEDDING_PROVIDER or its model
 * changed). Until each is done, those sources are found by keywords only.
 */
export async function reindexOtherModels(sources: SourceService, queue: IngestQueue, model: string): Promise<string[]> {
  const stale = await sources.embeddedWithOtherModel(model);
  for (const source of stale) {
    if (!(await sources.requeue(source.id))) continue;
    await queue.enqueue({ sourceId: source.id, orgId: source.orgId, reason: 'reindex' });
  }
  return stale.map((source) => source.id);
}
