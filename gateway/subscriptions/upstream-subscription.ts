import type { GraphQLFormattedError } from 'graphql';
import type { ExecutionResult, Sink } from 'graphql-ws';
import { AppError, ErrorCode } from '../../internal/errors.js';

/** An error the gateway's transport itself reports to a subscriber (never masked). */
export class TransportError extends AppError {}

/** The upstream subscription cannot go on; subscribing again is the remedy. */
export const interrupted = (reason: string) =>
  new TransportError(ErrorCode.INTERNAL_SERVER_ERROR, `Subscription interrupted: ${reason}; subscribe again`, { retryable: true });

/** The subgraph refused the operation (validation, context): its own errors, passed on (masked) to the client. */
export class UpstreamErrors extends Error {
  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super(errors[0]?.message ?? 'Subscription refused by the subgraph');
  }
}

// A client that does not read its events must not grow the gateway without bound.
const MAX_BUFFERED_EVENTS = 1_000;

type Result = ExecutionResult<Record<string, unknown>, unknown>;

/**
 * One forwarded subscription, as the async iterator graphql-ws's server
 * consumes. Not an async generator: `return()` ends the upstream
 * subscription at once (a generator's return waits for a `next()` that may
 * never settle, and leaked every upstream subscription in STACK.md's trap).
 */
export class UpstreamSubscription implements AsyncIterableIterator<Result> {
  private buffered: Result[] | null = null;
  private waiting: { resolve: (r: IteratorResult<Result>) => void; reject: (e: unknown) => void } | null = null;
  private failure: unknown = null;
  private done = false;
  /** ends the upstream side (sends Complete to the subgraph); set once subscribed */
  unsubscribe: () => void = () => undefined;

  constructor(
    /** the upstream connection this subscription lives on (see UpstreamClient) */
    readonly epoch: number,
    private readonly onEnd: (sub: UpstreamSubscription) => void,
  ) {}

  /** What graphql-ws's client pushes into. */
  readonly sink: Sink<Result> = {
    next: (value) => this.push(value),
    error: (err) => this.fail(Array.isArray(err) ? new UpstreamErrors(err as GraphQLFormattedError[]) : interrupted('the subgraph is unreachable')),
    complete: () => this.finish(),
  };

  private push(value: Result): void {
    if (this.done) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      return resolve({ value, done: false });
    }
    (this.buffered ??= []).push(value);
    if (this.buffered.length > MAX_BUFFERED_EVENTS) {
      this.buffered = null;
      this.fail(interrupted(`more than ${MAX_BUFFERED_EVENTS} events were waiting for this client`));
    }
  }

  /** Ends the stream with an error: the pending or next `next()` rejects, then the upstream side is let go. */
  fail(error: unknown): void {
    if (this.done || this.failure) return;
    this.failure = error;
    this.unsubscribe();
    this.onEnd(this);
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = null;
      this.done = true;
      reject(error);
    }
  }

  /** The subgraph completed the stream: the client gets what is buffered, then the end (a pending failure still wins). */
  private finish(): void {
    if (this.failure) return;
    this.end();
  }

  /** Ends everything now: nothing more is delivered, the upstream side is let go. */
  private end(): void {
    if (this.done) return;
    this.done = true;
    this.failure = null;
    this.unsubscribe();
    this.onEnd(this);
    this.waiting?.resolve({ value: undefined, done: true });
    this.waiting = null;
  }

  next(): Promise<IteratorResult<Result>> {
    if (this.buffered?.length) return Promise.resolve({ value: this.buffered.shift()!, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    if (this.failure) {
      this.done = true;
      return Promise.reject(this.failure);
    }
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  async return(): Promise<IteratorResult<Result>> {
    this.buffered = null;
    this.end();
    return { value: undefined, done: true };
  }

  async throw(err?: unknown): Promise<IteratorResult<Result>> {
    this.buffered = null;
    this.end();
    throw err;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
