/**
 * Server-sent events from a fetch body: yields the `data` of each event
 * (multi-line data joined with "\n"). Comments and other fields are skipped.
 * Both OpenAI's and Gemini's streaming endpoints speak this format.
 */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (data.length) yield data.join('\n');
        data = [];
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
    }
  }
  const tail = buffer.replace(/\r$/, '');
  if (tail.startsWith('data:')) data.push(tail.slice(5).replace(/^ /, ''));
  if (data.length) yield data.join('\n');
}
