import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Collected<T> {
  events: T[];
  errors: unknown[];
  completed: boolean;
  /** resolves once `predicate` holds for the events so far (rejects after `timeoutMs`) */
  until(predicate: (events: T[]) => boolean, timeoutMs?: number): Promise<T[]>;
  stop(): void;
}

/** A graphql-ws client as the apps use it (connectionParams carry the token). */
export function wsClient(httpUrl: string, token?: string, extra: Record<string, unknown> = {}): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
    retryAttempts: 0,
    lazy: true,
  });
}

/** Subscribes and collects every event, error and completion. */
export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Collected<T> {
  const state = { events: [] as T[], errors: [] as unknown[], completed: false };
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors?.length) state.errors.push(...value.errors);
        if (value.data) state.events.push(value.data as T);
        notify();
      },
      error: (err) => {
        state.errors.push(err);
        notify();
      },
      complete: () => {
        state.completed = true;
        notify();
      },
    },
  );
  return {
    get events() {
      return state.events;
    },
    get errors() {
      return state.errors;
    },
    get completed() {
      return state.completed;
    },
    until(predicate, timeoutMs = 15_000) {
      return new Promise<T[]>((resolve, reject) => {
        const check = () => {
          if (predicate(state.events)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(state.events);
          } else if (state.errors.length || state.completed) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`stream ended before the condition held: ${JSON.stringify({ errors: state.errors, events: state.events }).slice(0, 2000)}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting; events so far: ${JSON.stringify(state.events).slice(0, 2000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop,
  };
}
