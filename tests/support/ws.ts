import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** Waits until `check` holds, polling; fails with `what` once `timeoutMs` has passed (a bound, not a timing assertion). */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface WsConnection {
  client: Client;
  /** the first close of the socket: code and reason */
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/**
 * A graphql-ws client as the apps use it: connectionParams
 * `{ authorization: "Bearer <token>" }` (or any params, to test bad ones),
 * connecting at once and never retrying, so a refusal shows as `closed`.
 */
export function connectWs(httpUrl: string, connectionParams?: Record<string, unknown>): WsConnection {
  let onClosed: (event: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    on: { closed: (event) => onClosed({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
  });
  return { client, closed, close: async () => void (await client.dispose()) };
}

/** Bearer connectionParams for a token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Records one operation's stream: its results in order, its error, its completion. */
export class Recorder<T = any> {
  readonly results: FormattedExecutionResult<T, unknown>[] = [];
  error: unknown = undefined;
  completed = false;
  private readonly stop: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown> = {}) {
    this.stop = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => void this.results.push(value),
        error: (err) => void (this.error = err),
        complete: () => void (this.completed = true),
      },
    );
  }

  /** Data of each result, in order. */
  get data(): T[] {
    return this.results.map((r) => r.data as T);
  }

  /** Codes of the error the stream ended with (graphql-ws passes GraphQL errors as an array). */
  get errorCodes(): string[] {
    return Array.isArray(this.error) ? this.error.map((e: { extensions?: { code?: string } }) => e.extensions?.code ?? '') : [];
  }

  get ended(): boolean {
    return this.completed || this.error !== undefined;
  }

  /** Ends the subscription from the client side (a graphql-ws Complete message). */
  unsubscribe(): void {
    this.stop();
  }
}

/** The connections a test file opens, closed together after each test. */
export class Connections {
  private readonly open: WsConnection[] = [];

  constructor(private readonly httpUrl: () => string) {}

  connect(connectionParams?: Record<string, unknown>): WsConnection {
    const connection = connectWs(this.httpUrl(), connectionParams);
    this.open.push(connection);
    return connection;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((c) => c.close()));
  }
}
