import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../internal/logger.js';
import { isAbortError, ProviderError, type LlmProviderPort, type LlmRequest, type LlmUsage, type ProviderName } from './provider.js';

export interface OrchestratorOptions {
  /** per attempt: longest wait for the first token or between two tokens (whole call when not streaming) */
  timeoutMs: number;
  /** retries of one provider on a retryable failure, before any token was produced */
  maxRetries: number;
  /** first retry delay; doubles each retry, with jitter */
  retryBaseMs: number;
  /** a server asking to wait longer than this (Retry-After) is skipped for the next provider */
  maxRetryWaitMs?: number;
}

/** A piece of the orchestrated answer; the last one says who answered and the token counts. */
export type OrchestratedPart = { delta: string } | { done: true; provider: ProviderName; usage: LlmUsage | null };

/** Every provider of the chain failed before producing any text. */
export class LlmUnavailable extends Error {
  readonly code = 'LLM_UNAVAILABLE';
  constructor(readonly failures: ProviderError[]) {
    super(`No language model could answer (${failures.map((f) => f.message).join('; ')})`);
  }
}

/** The provider failed after part of the answer was already streamed: it cannot be restarted without repeating text. */
export class LlmInterrupted extends Error {
  readonly code = 'LLM_INTERRUPTED';
  constructor(readonly failure: ProviderError) {
    super(`The answer was interrupted: ${failure.message}`);
  }
}

/**
 * Runs a request through a chain of providers: the persona's own (when it
 * is configured), then the fallback, then OFFLINE, which always answers.
 * Each provider is retried with exponential backoff on 429/5xx/network
 * failures and timeouts, as long as nothing has been streamed yet. The
 * caller's signal (the client going away) stops everything at once.
 */
export class LlmOrchestrator {
  constructor(
    private readonly providers: Partial<Record<ProviderName, LlmProviderPort>>,
    private readonly fallback: ProviderName,
    private readonly options: OrchestratorOptions,
    private readonly log: Logger,
  ) {}

  /** The providers tried, in order, for a persona that prefers `preferred`. */
  chain(preferred: ProviderName): LlmProviderPort[] {
    const names = [...new Set<ProviderName>([preferred, this.fallback, 'OFFLINE'])];
    return names.map((name) => this.providers[name]).filter((p): p is LlmProviderPort => p !== undefined);
  }

  /**
   * The answer as parts. `streaming` asks providers for token deltas;
   * otherwise each provider answers in one piece (and a failed attempt can
   * always be retried, since nothing was shown).
   */
  async *generate(preferred: ProviderName, request: LlmRequest, signal: AbortSignal, streaming: boolean): AsyncGenerator<OrchestratedPart> {
    const failures: ProviderError[] = [];
    for (const provider of this.chain(preferred)) {
      for (let attempt = 0; ; attempt++) {
        let emitted = false;
        try {
          for await (const part of this.attempt(provider, request, signal, streaming)) {
            if ('delta' in part) emitted = true;
            yield part;
          }
          return;
        } catch (err) {
          if (signal.aborted) throw signal.reason ?? err;
          const failure = err instanceof ProviderError ? err : new ProviderError(provider.name, (err as Error).message, { retryable: false, cause: err });
          if (emitted) throw new LlmInterrupted(failure);
          failures.push(failure);
          const wait = this.retryDelay(failure, attempt);
          this.log.warn({ provider: provider.name, attempt, err: failure.message, retryInMs: wait }, 'LLM provider failed');
          if (wait === null) break;
          await sleep(wait, undefined, { signal });
        }
      }
    }
    throw new LlmUnavailable(failures);
  }

  /** Milliseconds to wait before retrying, or null to move on to the next provider. */
  private retryDelay(failure: ProviderError, attempt: number): number | null {
    if (!failure.retryable || attempt >= this.options.maxRetries) return null;
    const backoff = this.options.retryBaseMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
    const asked = failure.options.retryAfterMs ?? 0;
    if (asked > (this.options.maxRetryWaitMs ?? 5_000)) return null;
    return Math.max(backoff, asked);
  }

  /** One try of one provider, under an idle timeout that restarts with every part. */
  private async *attempt(provider: LlmProviderPort, request: LlmRequest, signal: AbortSignal, streaming: boolean): AsyncGenerator<OrchestratedPart> {
    const timeout = new AbortController();
    const timedOut = () => new ProviderError(provider.name, `no answer within ${this.options.timeoutMs} ms`, { retryable: true });
    let timer = setTimeout(() => timeout.abort(timedOut()), this.options.timeoutMs);
    const restartTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => timeout.abort(timedOut()), this.options.timeoutMs);
    };
    const both = AbortSignal.any([signal, timeout.signal]);
    try {
      let usage: LlmUsage | null = null;
      if (streaming) {
        for await (const part of provider.stream(request, both)) {
          restartTimer();
          if (part.delta) yield { delta: part.delta };
          if (part.usage) usage = part.usage;
        }
      } else {
        const completion = await provider.complete(request, both);
        usage = completion.usage;
        if (completion.text) yield { delta: completion.text };
      }
      yield { done: true, provider: provider.name, usage };
    } catch (err) {
      if (timeout.signal.aborted && !signal.aborted && (isAbortError(err) || err === timeout.signal.reason)) throw timeout.signal.reason;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}
