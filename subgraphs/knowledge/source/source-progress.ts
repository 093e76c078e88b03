import type { PubSub } from '../../../internal/pubsub.js';
import { fromSnapshot, toSnapshot, type SourceRow, type SourceSnapshot } from './source.view.js';
import type { KnowledgeSource } from './source.type.js';

/** The pub/sub topic of one source's changes (org in the name: a topic never crosses organizations). */
export const progressTopic = (orgId: string, sourceId: string) => `knowledge-source:${orgId}:${sourceId}`;

/** Publishes a source's new state to its subscribers (from the worker or the subgraph). */
export async function publishProgress(pubsub: PubSub, row: SourceRow): Promise<void> {
  await pubsub.publish(progressTopic(row.orgId, row.id), toSnapshot(row));
}

/**
 * The subscription's events: the source as it is now (late joiners and
 * resubscribes after a reconnect see the current state), then each change.
 * Changes older than the replayed state are skipped. A plain iterator
 * object: `return()` stops the Redis subscription at once.
 */
export function progressEvents(upstream: AsyncIterableIterator<SourceSnapshot>, current: SourceRow): AsyncIterableIterator<KnowledgeSource> {
  let first: KnowledgeSource | null = fromSnapshot(toSnapshot(current));
  const since = current.updatedAt.getTime();
  const iterator: AsyncIterableIterator<KnowledgeSource> = {
    async next() {
      if (first) {
        const value = first;
        first = null;
        return { value, done: false };
      }
      for (;;) {
        const result = await upstream.next();
        if (result.done) return { value: undefined, done: true };
        if (new Date(result.value.updatedAt).getTime() >= since) return { value: fromSnapshot(result.value), done: false };
      }
    },
    return: async () => {
      await upstream.return?.();
      return { value: undefined, done: true };
    },
    throw: async (err) => {
      await upstream.return?.();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
