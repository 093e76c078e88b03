import type { PubSub } from '../../../internal/pubsub.js';
import type { ReplyLog } from '../reply/reply-log.js';
import { INTERRUPTED_MESSAGE, isTerminal, topicOf, type StreamEvent } from './stream-event.js';

/**
 * Opens a conversation's stream for one subscriber: first the reply in
 * progress so far (replay), then live events, without gaps or duplicates.
 */
export class MessageStreams {
  constructor(
    private readonly pubsub: PubSub,
    private readonly replies: ReplyLog,
  ) {}

  async open(conversationId: string): Promise<AsyncIterableIterator<StreamEvent>> {
    // subscribe first, then read the log: anything logged after the read arrives live
    const live = await this.pubsub.subscribe<StreamEvent>(topicOf(conversationId));
    const replay = await this.replies.read(conversationId).catch(async (err) => {
      await live.return!();
      throw err;
    });
    return new SubscriberStream(conversationId, live, replay, this.replies);
  }

  /** Live-only events (members typing). */
  publish(conversationId: string, event: StreamEvent): Promise<void> {
    return this.pubsub.publish(topicOf(conversationId), event);
  }
}

/**
 * One subscriber's iterator. Written by hand so `return()` unsubscribes at
 * once when the client leaves (an async generator would wait for the next
 * event). Its watchdog ends a reply that went quiet for the lock's TTL and
 * whose producer no longer holds the lock (it died): subscribers get an
 * ERROR (code INTERRUPTED), never silence.
 */
class SubscriberStream implements AsyncIterableIterator<StreamEvent> {
  private readonly queue: StreamEvent[] = [];
  private readonly waiting: ((result: IteratorResult<StreamEvent>) => void)[] = [];
  private readonly replayed = new Map<string, number>(); // replyId → highest seq replayed
  private readonly ended = new Set<string>();
  private open: { replyId: string; lastEventAt: number; claimLost: boolean } | null = null;
  private closed = false;
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    private readonly conversationId: string,
    private readonly live: AsyncIterableIterator<StreamEvent>,
    replay: StreamEvent[],
    private readonly replies: ReplyLog,
  ) {
    for (const event of replay) {
      if (event.replyId && event.seq) this.replayed.set(event.replyId, Math.max(this.replayed.get(event.replyId) ?? 0, event.seq));
      this.deliver(event);
    }
    const ttl = replies.lock.ttlMs;
    this.watchdog = setInterval(() => void this.check(ttl).catch(() => undefined), Math.max(10, Math.floor(ttl / 2)));
    this.watchdog.unref();
    void this.pump();
  }

  next(): Promise<IteratorResult<StreamEvent>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async return(): Promise<IteratorResult<StreamEvent>> {
    if (!this.closed) {
      this.closed = true;
      clearInterval(this.watchdog);
      for (const resolve of this.waiting.splice(0)) resolve({ value: undefined, done: true });
      await this.live.return!();
    }
    return { value: undefined, done: true };
  }

  async throw(err: unknown): Promise<IteratorResult<StreamEvent>> {
    await this.return();
    throw err;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  private async pump(): Promise<void> {
    for (;;) {
      const result = await this.live.next();
      if (result.done) return void this.return();
      const { replyId, seq } = result.value;
      if (replyId && seq && seq <= (this.replayed.get(replyId) ?? 0)) continue; // already replayed
      this.deliver(result.value);
    }
  }

  private deliver(event: StreamEvent): void {
    if (event.replyId) {
      if (this.ended.has(event.replyId)) return; // after its DONE/ERROR (a stopped producer's stragglers)
      if (isTerminal(event)) {
        this.ended.add(event.replyId);
        if (this.open?.replyId === event.replyId) this.open = null;
      } else {
        this.open = { replyId: event.replyId, lastEventAt: Date.now(), claimLost: this.open?.replyId === event.replyId && this.open.claimLost };
      }
    }
    const resolve = this.waiting.shift();
    if (resolve) resolve({ value: event, done: false });
    else this.queue.push(event);
  }

  private async check(ttlMs: number): Promise<void> {
    const open = this.open;
    if (!open || Date.now() - open.lastEventAt < ttlMs) return;
    open.lastEventAt = Date.now();
    if ((await this.replies.lock.holder(this.conversationId)) === open.replyId) return; // slow, but its producer is alive
    const error: StreamEvent = {
      kind: 'ERROR',
      replyId: open.replyId,
      seq: Number.MAX_SAFE_INTEGER,
      messageId: open.replyId,
      code: 'INTERRUPTED',
      message: INTERRUPTED_MESSAGE,
    };
    if (await this.replies.claimEnd(this.conversationId, open.replyId)) {
      await this.replies.publish(this.conversationId, error); // every subscriber, on every replica
    } else if (open.claimLost) {
      this.deliver(error); // whoever claimed the end never published it: this subscriber at least hears
    } else {
      open.claimLost = true; // the terminal event should be on its way: give it one more period
    }
  }
}
