import type { PubSub } from '../../../internal/pubsub.js';
import type { Redis } from '../../../internal/redis.js';
import { topicOf, type ReplyEventInput, type StreamEvent } from '../stream/stream-event.js';
import type { ReplyLock } from './reply-lock.js';

// The log of the reply holding the lock, read in one step: a reply ending between two reads cannot leave a half replay.
const REPLAY = `
local holder = redis.call('GET', KEYS[1])
if not holder then return {} end
return redis.call('LRANGE', ARGV[1] .. holder .. ':events', 0, -1)`;

/**
 * The reply in progress, per conversation, in Redis: the lock (one reply at
 * a time, see ReplyLock), the log of the reply's events so a subscriber who
 * joins mid-reply gets the tokens so far, and the reply's end marker. Each
 * event is appended to the log BEFORE it is published, so subscribe-then-read
 * never misses one (duplicates are dropped by seq). Only the reply holding
 * the lock is replayed: a reply whose producer died lapses with its lock.
 */
export class ReplyLog {
  constructor(
    private readonly redis: Redis,
    private readonly pubsub: PubSub,
    readonly lock: ReplyLock,
    private readonly prefix: string,
    private readonly logTtlMs: number,
  ) {}

  private replyKey(conversationId: string, replyId: string, part: 'events' | 'end') {
    return `${this.prefix}:conversation:${conversationId}:reply:${replyId}:${part}`;
  }

  /** Takes the conversation's reply slot; false when a reply is already streaming. */
  tryLock(conversationId: string, replyId: string): Promise<boolean> {
    return this.lock.acquire(conversationId, replyId);
  }

  /** Frees the slot (if still ours) and drops the reply's log. */
  async release(conversationId: string, replyId: string): Promise<void> {
    await this.lock.release(conversationId, replyId);
    await this.redis.del(this.replyKey(conversationId, replyId, 'events'));
  }

  /**
   * Claims the right to end reply `replyId` with its one DONE or ERROR. The
   * producer and the watchdogs of every replica race for it; exactly one wins.
   */
  async claimEnd(conversationId: string, replyId: string): Promise<boolean> {
    return (await this.redis.set(this.replyKey(conversationId, replyId, 'end'), '1', 'PX', this.logTtlMs, 'NX')) === 'OK';
  }

  /** Numbers an event of reply `replyId`, logs it, then publishes it. */
  writer(conversationId: string, replyId: string) {
    let seq = 0;
    const events = this.replyKey(conversationId, replyId, 'events');
    return async (input: ReplyEventInput): Promise<void> => {
      const event = { ...input, replyId, seq: ++seq } as StreamEvent;
      await this.redis.multi().rpush(events, JSON.stringify(event)).pexpire(events, this.logTtlMs).exec();
      await this.pubsub.publish(topicOf(conversationId), event);
    };
  }

  /** The events so far of the reply in progress (none when no reply holds the lock). */
  async read(conversationId: string): Promise<StreamEvent[]> {
    const prefix = `${this.prefix}:conversation:${conversationId}:reply:`;
    const raw = (await this.redis.eval(REPLAY, 1, this.lock.key(conversationId), prefix)) as string[];
    return raw.map((line) => JSON.parse(line) as StreamEvent);
  }

  /** Publishes without logging (an ERROR for a reply whose producer died: nobody replays a lapsed reply). */
  publish(conversationId: string, event: StreamEvent): Promise<void> {
    return this.pubsub.publish(topicOf(conversationId), event);
  }

  /** Processes (across replicas) subscribed to the conversation's stream. */
  async listeners(conversationId: string): Promise<number> {
    const [, count] = (await this.redis.pubsub('NUMSUB', this.pubsub.channel(topicOf(conversationId)))) as [string, number];
    return Number(count);
  }
}
