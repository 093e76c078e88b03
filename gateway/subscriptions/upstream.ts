import { createClient, type Client, type SubscribePayload } from 'graphql-ws';
import WebSocket from 'ws';
import type { Logger } from '../../internal/logger.js';
import { interrupted, UpstreamSubscription } from './upstream-subscription.js';

export interface UpstreamOptions {
  /** ms between pings to each subgraph; a subgraph that misses a pong for as long is dropped */
  keepAliveMs: number;
  /** reconnect attempts before subscriptions waiting for a connection fail */
  retryAttempts: number;
  log: Logger;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One lazy graphql-ws client to one subgraph, carrying every user's
 * subscriptions to it (identity travels per operation, in `extensions`).
 *
 * When an established connection drops (subgraph restart, crash, network),
 * the subscriptions it carried end with a retryable error at once — never
 * silence, and never a silent gap: events published while it was down are
 * lost, and the client must know (a resubscribe also replays what the
 * subgraph replays). Subscriptions that arrive while no connection is up
 * wait for the reconnect (backoff 250 ms doubling, at most 4 s) and fail
 * once `retryAttempts` are spent.
 */
export class UpstreamClient {
  private readonly client: Client;
  /** counts established connections; a subscription belongs to the one it was sent on */
  private epoch = 0;
  /** the established connection, while it is open */
  private socket: WebSocket | null = null;
  private readonly active = new Set<UpstreamSubscription>();
  private pongTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    url: string,
    private readonly options: UpstreamOptions,
  ) {
    this.client = createClient({
      url,
      webSocketImpl: WebSocket,
      lazy: true,
      keepAlive: options.keepAliveMs,
      retryAttempts: options.retryAttempts,
      retryWait: (retries) => sleep(Math.min(250 * 2 ** retries, 4_000)),
      // refused connections (ECONNREFUSED is an error, not a close event) are retried too
      shouldRetry: () => true,
      on: {
        connected: (socket) => {
          this.epoch += 1;
          this.socket = socket as WebSocket;
          options.log.info({ subgraph: name }, 'subscription upstream connected');
        },
        closed: (event) => this.onClosed(event as { code?: number; reason?: string }),
        ping: (received) => {
          if (!received) this.awaitPong();
        },
        pong: (received) => {
          if (received) clearTimeout(this.pongTimer);
        },
      },
    });
  }

  /** Active subscriptions on this subgraph (for metrics and tests). */
  get size(): number {
    return this.active.size;
  }

  subscribe(payload: SubscribePayload): UpstreamSubscription {
    // sent on the current connection if it is open; else (none yet, or closing because it fell idle) on the next
    const current = this.socket?.readyState === WebSocket.OPEN;
    const subscription = new UpstreamSubscription(current ? this.epoch : this.epoch + 1, (sub) => this.active.delete(sub));
    this.active.add(subscription);
    subscription.unsubscribe = this.client.subscribe(payload, subscription.sink);
    return subscription;
  }

  private awaitPong(): void {
    clearTimeout(this.pongTimer);
    this.pongTimer = setTimeout(() => {
      this.options.log.warn({ subgraph: this.name }, 'subscription upstream missed a pong; dropping the connection');
      this.client.terminate();
    }, this.options.keepAliveMs);
    this.pongTimer.unref();
  }

  private onClosed(event: { code?: number; reason?: string }): void {
    clearTimeout(this.pongTimer);
    if (!this.socket) return; // a failed attempt: waiting subscriptions keep waiting for the retry
    this.socket = null;
    const lost = [...this.active].filter((sub) => sub.epoch <= this.epoch);
    if (lost.length) this.options.log.warn({ subgraph: this.name, code: event.code, subscriptions: lost.length }, 'subscription upstream lost');
    for (const sub of lost) sub.fail(interrupted('the service behind it restarted or is unreachable'));
  }

  async close(): Promise<void> {
    clearTimeout(this.pongTimer);
    for (const sub of [...this.active]) sub.fail(interrupted('the gateway is shutting down'));
    await this.client.dispose();
  }
}

/** The upstream clients, one per subgraph, created on first use. */
export class UpstreamPool {
  private readonly clients = new Map<string, UpstreamClient>();

  constructor(
    /** the subgraph's graphql-ws URL */
    private readonly urlOf: (subgraph: string) => string,
    private readonly options: UpstreamOptions,
  ) {}

  subscribe(subgraph: string, payload: SubscribePayload): UpstreamSubscription {
    let client = this.clients.get(subgraph);
    if (!client) {
      client = new UpstreamClient(subgraph, this.urlOf(subgraph), this.options);
      this.clients.set(subgraph, client);
    }
    return client.subscribe(payload);
  }

  /** Active upstream subscriptions per subgraph. */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.clients].map(([name, client]) => [name, client.size]));
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }
}
