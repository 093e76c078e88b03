import { setTimeout as sleep } from 'node:timers/promises';

/** An embedding API failure, after retries. `retryable`: worth trying again later (rate limit, server, network). */
export class EmbeddingError extends Error {
  constructor(
    readonly provider: string,
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(`${provider} embeddings: ${message}`, options);
    this.name = 'EmbeddingError';
  }
}

export interface RetryPolicy {
  /** retries after the first attempt, on HTTP 429, 5xx and network failures */
  maxRetries: number;
  /** first delay; doubles each retry, with jitter */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500 };

const isRetryable = (status: number | undefined) => status === undefined || status === 429 || status >= 500;

const HINTS: Record<number, string> = {
  401: 'the API key was refused; check the key',
  403: 'the API key may not use this model or endpoint',
  404: 'unknown model or endpoint; check the model name and base URL',
};

/**
 * Runs `attempt` until it succeeds, a non-retryable error comes, retries
 * run out, or `signal` aborts (then the abort reason is thrown, unwrapped).
 * Failures become EmbeddingErrors naming the provider and the status.
 */
export async function withRetries<T>(
  provider: string,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  statusOf: (err: unknown) => number | undefined,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    signal?.throwIfAborted();
    try {
      return await attempt();
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      const status = statusOf(err);
      const retryable = isRetryable(status);
      if (!retryable || retry >= policy.maxRetries) {
        const detail = (err as Error).message ?? String(err);
        const hint = status !== undefined && HINTS[status] ? ` (${HINTS[status]})` : '';
        const tries = retryable ? ` after ${retry + 1} attempts` : '';
        throw new EmbeddingError(provider, `${status !== undefined ? `HTTP ${status}` : 'request failed'}${hint}${tries}: ${detail}`, status, retryable, { cause: err });
      }
      const delay = policy.baseDelayMs * 2 ** retry * (0.75 + Math.random() * 0.5);
      await sleep(delay, undefined, { signal });
    }
  }
}

/** Texts with nothing to embed are not sent: they get the zero vector (similar to nothing). */
export function splitBlank(texts: string[]): { sendIndexes: number[]; blank: Set<number> } {
  const sendIndexes: number[] = [];
  const blank = new Set<number>();
  texts.forEach((text, i) => (text.trim() ? sendIndexes.push(i) : blank.add(i)));
  return { sendIndexes, blank };
}

/** The explicit dimension, else the model's known one; an unknown model without one is a configuration error. */
export function dimensionOf(provider: string, model: string, explicit: number | undefined, known: Record<string, number>): number {
  const dimension = explicit ?? known[model];
  if (!dimension) throw new Error(`${provider} embedding model "${model}" has no known dimension: set it explicitly`);
  return dimension;
}
