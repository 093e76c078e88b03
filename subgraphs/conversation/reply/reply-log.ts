import type { PubSub } from '../../../internal/pubsub.js';
import type { Redis } from '../../../internal/redis.js';
import { topicOf, type ReplyEventInput, type StreamEvent } from '../stream/stream-event.js';

/**
 * The reply in progress, per conversation, in Redis: a lock (one reply at a
 * time), and the log of its events so a subscriber who joins mid-reply gets
 * the tokens so far. Each event is appended to the log BEFORE it is
 * published, so subscribe-then-read never misses one (duplicates are dropped
 * by seq).
 */
export class ReplyLog {
  constructor(
    private readonly redis: Redis,
    private readonly pubsub: PubSub,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  private key(conversationId: string, part: 'lock' | 'events') {
    return `${this.prefix}:conversation:${conversationId}:reply:${part}`;
  }

  /** Takes the conversation's reply slot; false when a reply is already streaming. */
  async tryLock(conversationId: string, replyId: string): Promise<boolean> {
    return (await this.redis.set(this.key(conversationId, 'lock'), replyId, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  async release(conversationId: string): Promise<void> {
    await this.redis.del(this.key(conversationId, 'lock'), this.key(conversationId, 'events'));
  }

  /** Numbers an event of reply `replyId`, logs it, then publishes it. */
  writer(conversationId: string, replyId: string) {
    let seq = 0;
    const events = this.key(conversationId, 'events');
    return async (input: ReplyEventInput): Promise<void> => {
      const event = { ...input, replyId, seq: ++seq } as StreamEvent;
      await this.redis.multi().rpush(events, JSON.stringify(event)).pexpire(events, this.ttlMs).exec();
      await this.pubsub.publish(topicOf(conversationId), event);
    };
  }

  async read(conversationId: string): Promise<StreamEvent[]> {
    const raw = await this.redis.lrange(this.key(conversationId, 'events'), 0, -1);
    return raw.map((line) => JSON.parse(line) as StreamEvent);
  }

  /** Processes (across replicas) subscribed to the conversation's stream. */
  async listeners(conversationId: string): Promise<number> {
    const [, count] = (await this.redis.pubsub('NUMSUB', this.pubsub.channel(topicOf(conversationId)))) as [string, number];
    return Number(count);
  }
}
