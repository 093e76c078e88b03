import type { Logger } from './logger.js';
import { createRedis, type Redis } from './redis.js';

/**
 * Redis pub/sub for subscriptions, so any replica can serve any client.
 * `subscribe` returns an async iterator whose `return()` unsubscribes at once
 * (a generator function would wait for the next message first and leak the
 * subscription when the client leaves; see STACK.md).
 */
export class PubSub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, Set<(message: unknown) => void>>();

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    this.publisher = createRedis(redisUrl, { name: 'pubsub-pub' });
    this.subscriber = createRedis(redisUrl, { name: 'pubsub-sub' });
    this.subscriber.on('message', (channel: string, raw: string) => {
      const set = this.listeners.get(channel);
      if (!set) return;
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        return this.log.warn({ channel }, 'dropped a malformed pub/sub message');
      }
      for (const listener of set) listener(message);
    });
  }

  /** The Redis channel of a topic (for PUBSUB NUMSUB and the like). */
  channel(topic: string): string {
    return `${this.prefix}:ps:${topic}`;
  }

  async publish(topic: string, message: unknown): Promise<void> {
    await this.publisher.publish(this.channel(topic), JSON.stringify(message));
  }

  /** Number of local listeners of a topic (for tests and metrics). */
  listenerCount(topic: string): number {
    return this.listeners.get(this.channel(topic))?.size ?? 0;
  }

  /** Subscribes; the returned promise settles once Redis confirmed, so nothing published after it is missed. */
  async subscribe<T>(topic: string): Promise<AsyncIterableIterator<T>> {
    const channel = this.channel(topic);
    const queue: T[] = [];
    const waiting: ((result: IteratorResult<T>) => void)[] = [];
    let done = false;
    const listener = (message: unknown) => {
      const resolve = waiting.shift();
      if (resolve) resolve({ value: message as T, done: false });
      else queue.push(message as T);
    };
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.subscriber.subscribe(channel);
    }
    set.add(listener);
    const stop = async (): Promise<IteratorResult<T>> => {
      if (!done) {
        done = true;
        set!.delete(listener);
        if (set!.size === 0 && this.listeners.get(channel) === set) {
          this.listeners.delete(channel);
          await this.subscriber.unsubscribe(channel).catch(() => undefined);
        }
        for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
      }
      return { value: undefined, done: true };
    };
    const iterator: AsyncIterableIterator<T> = {
      next: () => {
        if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => waiting.push(resolve));
      },
      return: stop,
      throw: async (err) => {
        await stop();
        throw err;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
