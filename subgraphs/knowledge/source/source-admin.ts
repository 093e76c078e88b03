import type { Claims } from '../../../internal/auth/claims.js';
import { NotFound } from '../../../internal/errors.js';
import type { EventPublisher } from '../../../internal/events/events.js';
import type { Logger } from '../../../internal/logger.js';
import type { PubSub } from '../../../internal/pubsub.js';
import type { BillingQuota } from '../../../internal/quota/billing-quota.js';
import type { BlobStore } from '../../../internal/storage/blob-store.js';
import type { IngestQueue } from '../queue/ingest-queue.js';
import type { VectorStore } from '../search/search.types.js';
import { publishProgress } from './source-progress.js';
import type { SourceService } from './source.service.js';
import type { SourceRow } from './source.view.js';

export interface SourceAdminDeps {
  sources: SourceService;
  blobs: BlobStore;
  vectors: VectorStore;
  quota: BillingQuota;
  queue: IngestQueue;
  events: EventPublisher;
  pubsub: PubSub;
  log: Logger;
}

/** deleteKnowledgeSource and reindexKnowledgeSource. */
export class SourceAdmin {
  constructor(private readonly deps: SourceAdminDeps) {}

  /** Removes the row (chunks cascade), its vectors and its file, and gives its storage back. */
  async delete(claims: Claims, token: string | null, id: string): Promise<boolean> {
    const { sources, blobs, vectors, quota, events, log } = this.deps;
    const row = await sources.remove(claims.org, id);
    if (!row) throw NotFound('Knowledge source');
    // the row is gone, so a job still running for it stops at its next write; what follows is cleanup
    await vectors.deleteSource(row.orgId, row.id).catch((err: unknown) => log.error({ err, sourceId: row.id }, 'could not delete the vectors of a source'));
    await blobs.remove(row.blobKey).catch((err: unknown) => log.error({ err, sourceId: row.id }, 'could not delete the file of a source'));
    if (row.reservationId) {
      await quota.releaseById(row.reservationId, token).catch((err: unknown) => log.error({ err, sourceId: row.id }, 'could not release the storage of a source'));
    }
    await events.publish({ type: 'source_deleted', orgId: row.orgId, userId: claims.sub, payload: { sourceId: row.id, personaId: row.personaId } });
    log.info({ sourceId: row.id }, 'knowledge source deleted');
    return true;
  }

  /** Queues another ingest run with the current embedding model; the old chunks serve searches until replaced. */
  async reindex(claims: Claims, id: string): Promise<SourceRow> {
    const { sources, queue, pubsub } = this.deps;
    const found = await sources.findInOrg(claims.org, id);
    if (!found) throw NotFound('Knowledge source');
    const row = await sources.requeue(found.id);
    if (!row) throw NotFound('Knowledge source');
    await queue.enqueue({ sourceId: row.id, orgId: row.orgId, reason: 'reindex' });
    await publishProgress(pubsub, row);
    return row;
  }
}
