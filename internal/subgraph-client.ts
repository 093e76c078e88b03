import { AppError, ErrorCode } from './errors.js';
import { outgoingHeaders } from './tracing/span.js';

export interface SubgraphCallOptions {
  /** the end user's bearer token: the callee verifies and scopes the call like any request */
  token: string | null;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Calls another subgraph's GraphQL endpoint directly (not through the
 * gateway) on the user's behalf. Client errors of the callee (FORBIDDEN,
 * NOT_FOUND, …) are re-thrown with their code; anything else is an error
 * the caller's masking turns into INTERNAL_SERVER_ERROR.
 */
export async function callSubgraph<T>(baseUrl: string, query: string, variables: Record<string, unknown>, options: SubgraphCallOptions): Promise<T> {
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 10_000), ...(options.signal ? [options.signal] : [])];
  const res = await fetch(`${baseUrl.replace(/\/$/, '')}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...outgoingHeaders(),
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.any(signals),
  });
  const body = (await res.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  const error = body?.errors?.[0];
  if (error) {
    const code = error.extensions?.code as ErrorCode | undefined;
    if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR && Object.values(ErrorCode).includes(code)) throw new AppError(code, error.message);
    throw new Error(`${baseUrl} answered: ${error.message}`);
  }
  if (!res.ok || !body?.data) throw new Error(`${baseUrl} answered HTTP ${res.status}`);
  return body.data;
}
