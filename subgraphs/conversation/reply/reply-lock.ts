import type { Redis } from '../../../internal/redis.js';

// Only the holder may extend or drop the lock: compare the value first (atomic in Redis).
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface Heartbeat {
  /** aborted once the lock is found held by someone else (or gone): the holder must stop */
  lost: AbortSignal;
  stop(): void;
}

/**
 * One reply at a time per conversation, across replicas: a Redis key holding
 * the reply's id with a short TTL (`ttlMs`, REPLY_LOCK_MS), kept alive by the
 * producer's heartbeat. A replica that crashes stops beating, so its lock
 * lapses within `ttlMs` instead of blocking the conversation for the whole
 * reply timeout.
 */
export class ReplyLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly ttlMs: number,
  ) {}

  key(conversationId: string): string {
    return `${this.prefix}:conversation:${conversationId}:reply:lock`;
  }

  /** Takes the conversation's reply slot for `replyId`; false when another reply holds it. */
  async acquire(conversationId: string, replyId: string): Promise<boolean> {
    return (await this.redis.set(this.key(conversationId), replyId, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  /** The reply holding the slot, or null. */
  holder(conversationId: string): Promise<string | null> {
    return this.redis.get(this.key(conversationId));
  }

  /** Extends the lock if `replyId` still holds it; false otherwise. */
  async extend(conversationId: string, replyId: string): Promise<boolean> {
    return Number(await this.redis.eval(EXTEND, 1, this.key(conversationId), replyId, String(this.ttlMs))) === 1;
  }

  /** Drops the lock if `replyId` holds it (a lapsed lock may already belong to the next reply). */
  async release(conversationId: string, replyId: string): Promise<boolean> {
    return Number(await this.redis.eval(RELEASE, 1, this.key(conversationId), replyId)) === 1;
  }

  /**
   * Extends the lock every third of its TTL while the reply runs. A failed
   * Redis call is retried on the next beat; finding the lock in other hands
   * aborts `lost`.
   */
  heartbeat(conversationId: string, replyId: string): Heartbeat {
    const lost = new AbortController();
    const timer = setInterval(() => {
      this.extend(conversationId, replyId).then(
        (held) => {
          if (!held) lost.abort(new Error('the reply lock was lost'));
        },
        () => undefined,
      );
    }, Math.max(10, Math.floor(this.ttlMs / 3)));
    timer.unref();
    const stop = () => clearInterval(timer);
    lost.signal.addEventListener('abort', stop);
    return { lost: lost.signal, stop };
  }
}
