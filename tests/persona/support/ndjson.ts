/** Calls POST /internal/answers/stream on the persona subgraph and reads its NDJSON events. */
export async function streamAnswer(personaUrl: string, token: string | null, body: unknown, options: { signal?: AbortSignal; onEvent?: (event: any) => void } = {}) {
  const res = await fetch(`${personaUrl}/internal/answers/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'stream-test', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: options.signal,
  });
  if (!res.headers.get('content-type')?.includes('application/x-ndjson')) {
    return { status: res.status, contentType: res.headers.get('content-type'), error: (await res.json()) as { code: string; message: string; reason?: string }, events: [] as any[] };
  }
  const events: any[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const event = JSON.parse(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      events.push(event);
      options.onEvent?.(event);
    }
  }
  expect(buffer).toBe(''); // every event ends with a newline
  return { status: res.status, contentType: res.headers.get('content-type'), error: null, events };
}
