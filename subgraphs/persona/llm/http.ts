import { isAbortError, isRetryableStatus, ProviderError, type ProviderName } from './provider.js';

/** Retry-After (seconds or an HTTP date) in ms, when the server sent one. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * POSTs JSON to a provider. Non-2xx answers become ProviderErrors carrying
 * the status (retryable on 429/5xx) and the provider's own message; network
 * failures are retryable; an abort stays an AbortError.
 */
export async function postJson(provider: ProviderName, url: string, headers: Record<string, string>, body: unknown, signal: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
  } catch (err) {
    if (isAbortError(err) || signal.aborted) throw err;
    throw new ProviderError(provider, `request failed: ${(err as Error).message}`, { retryable: true, cause: err });
  }
  if (res.ok) return res;
  const text = await res.text().catch(() => '');
  let message = text.slice(0, 300);
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
  } catch {
    // not JSON: keep the raw start of the body
  }
  throw new ProviderError(provider, `HTTP ${res.status}: ${message}`, {
    status: res.status,
    retryable: isRetryableStatus(res.status),
    retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
  });
}

/** A body that stopped before the provider said it was done: retryable, the connection dropped. */
export const interrupted = (provider: ProviderName, cause?: unknown) =>
  new ProviderError(provider, 'the stream ended before the answer was complete', { retryable: true, cause });

/** Reads a streamed body, turning a dropped connection into `interrupted` (and keeping aborts as aborts). */
export async function* guardStream<T>(provider: ProviderName, source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (err) {
    if (signal.aborted || isAbortError(err)) throw signal.reason ?? err;
    if (err instanceof ProviderError) throw err;
    throw interrupted(provider, err);
  }
}
