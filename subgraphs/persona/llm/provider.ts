import type { LlmProvider as ProviderName } from '../../../internal/db/generated/enums.js';
import type { ContextChunk } from '../retrieval/retrieved-chunk.js';

export type { ProviderName };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What every provider is asked: the built prompt, plus the structured context the offline provider quotes from. */
export interface LlmRequest {
  messages: ChatMessage[];
  /** the persona's model, or null for the provider's default */
  model: string | null;
  temperature: number;
  maxTokens: number;
  question: string;
  context: ContextChunk[];
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

/** One piece of a streamed answer: text, and (once, usually last) the provider's token counts. */
export interface StreamPart {
  delta?: string;
  usage?: LlmUsage;
}

export interface LlmCompletion {
  text: string;
  usage: LlmUsage | null;
}

/**
 * The provider port. `stream` yields token deltas in order and stops (with
 * an AbortError) as soon as `signal` aborts; `complete` is the same answer
 * in one piece. Failures are ProviderErrors so the orchestrator can tell a
 * retryable one (429, 5xx, network) from a final one.
 */
export interface LlmProviderPort {
  readonly name: ProviderName;
  stream(request: LlmRequest, signal: AbortSignal): AsyncIterable<StreamPart>;
  complete(request: LlmRequest, signal: AbortSignal): Promise<LlmCompletion>;
}

export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName,
    message: string,
    readonly options: { status?: number; retryable: boolean; retryAfterMs?: number; cause?: unknown } = { retryable: false },
  ) {
    super(`${provider}: ${message}`, { cause: options.cause });
    this.name = 'ProviderError';
  }
  get retryable(): boolean {
    return this.options.retryable;
  }
}

/** HTTP statuses worth retrying: rate limits and server-side failures. */
export const isRetryableStatus = (status: number) => status === 429 || status >= 500;

export const isAbortError = (err: unknown) => err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
