import type { PubSub } from '../../../internal/pubsub.js';
import type { ReplyLog } from '../reply/reply-log.js';
import { topicOf, type StreamEvent } from './stream-event.js';

/**
 * Opens a conversation's stream for one subscriber: first the reply in
 * progress so far (replay), then live events, without gaps or duplicates.
 * The iterator is written by hand so `return()` unsubscribes at once when
 * the client leaves (an async generator would wait for the next event).
 */
export class MessageStreams {
  constructor(
    private readonly pubsub: PubSub,
    private readonly replies: ReplyLog,
  ) {}

  async open(conversationId: string): Promise<AsyncIterableIterator<StreamEvent>> {
    // subscribe first, then read the log: anything logged after the read arrives live
    const live = await this.pubsub.subscribe<StreamEvent>(topicOf(conversationId));
    const replay = await this.replies.read(conversationId);
    const seen = new Map<string, number>(); // replyId → highest seq already delivered
    for (const event of replay) if (event.replyId && event.seq) seen.set(event.replyId, Math.max(seen.get(event.replyId) ?? 0, event.seq));

    const pending = [...replay];
    const iterator: AsyncIterableIterator<StreamEvent> = {
      next: async () => {
        if (pending.length) return { value: pending.shift()!, done: false };
        for (;;) {
          const result = await live.next();
          if (result.done) return result;
          const { replyId, seq } = result.value;
          if (replyId && seq && seq <= (seen.get(replyId) ?? 0)) continue; // already replayed
          return result;
        }
      },
      return: () => live.return!(),
      throw: (err) => live.throw!(err),
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /** Live-only events (members typing). */
  publish(conversationId: string, event: StreamEvent): Promise<void> {
    return this.pubsub.publish(topicOf(conversationId), event);
  }
}
