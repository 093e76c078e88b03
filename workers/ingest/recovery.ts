import type { Logger } from '../../internal/logger.js';
import type { IngestQueue } from '../../subgraphs/knowledge/queue/ingest-queue.js';
import type { SourceService } from '../../subgraphs/knowledge/source/source.service.js';

/**
 * Queues again every PENDING or PROCESSING source that has no job waiting,
 * delayed or in hand — e.g. after Redis lost its data, or a crash between
 * the row and its job. Two sweeps racing (two replicas) may queue a source
 * twice: runs are idempotent.
 */
export async function requeueOrphans(sources: SourceService, queue: IngestQueue, log: Logger, minAgeMs = 5_000): Promise<number> {
  const unfinished = await sources.unfinished(minAgeMs);
  if (!unfinished.length) return 0;
  const queued = await queue.sourcesInQueue();
  const orphans = unfinished.filter((source) => !queued.has(source.id));
  for (const source of orphans) await queue.enqueue({ sourceId: source.id, orgId: source.orgId, reason: 'recovery' });
  if (orphans.length) log.warn({ count: orphans.length }, 'queued unfinished knowledge sources that had no job');
  return orphans.length;
}
