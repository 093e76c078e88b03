import type http from 'node:http';
import { delay } from './http-server.js';

/**
 * Writers of the providers' documented streaming wire formats, for local
 * servers standing in for api.openai.com and generativelanguage.googleapis.com.
 */

function sse(res: http.ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  return (data: string) => res.write(`data: ${data}\n\n`);
}

/** OpenAI chat completions stream: deltas, a usage chunk (stream_options.include_usage), then [DONE]. */
export async function writeOpenAiStream(res: http.ServerResponse, deltas: string[], options: { gapMs?: number; finish?: boolean; usage?: { prompt: number; completion: number } } = {}) {
  const send = sse(res);
  const base = { id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o-mini' };
  send(JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }));
  for (const content of deltas) {
    if (options.gapMs) await delay(options.gapMs);
    if (res.destroyed) return;
    send(JSON.stringify({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] }));
  }
  if (options.finish === false) return;
  send(JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
  const usage = options.usage ?? { prompt: 42, completion: deltas.length };
  send(JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } }));
  send('[DONE]');
  res.end();
}

export function writeOpenAiCompletion(res: http.ServerResponse, text: string) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-test',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 40, completion_tokens: 7, total_tokens: 47 },
    }),
  );
}

/** Gemini streamGenerateContent?alt=sse: each event a GenerateContentResponse; the last carries finishReason. */
export async function writeGeminiStream(res: http.ServerResponse, deltas: string[], options: { finish?: boolean; gapMs?: number } = {}) {
  const send = sse(res);
  for (const [i, text] of deltas.entries()) {
    if (options.gapMs) await delay(options.gapMs);
    const last = i === deltas.length - 1 && options.finish !== false;
    send(
      JSON.stringify({
        candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) }],
        usageMetadata: { promptTokenCount: 30, candidatesTokenCount: i + 1, totalTokenCount: 31 + i },
        modelVersion: 'gemini-2.0-flash',
      }),
    );
  }
  if (options.finish === false) return;
  res.end();
}

export function writeHttpError(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message, type: 'test_error', code: status } }));
}

/** Answers like OpenAI: streamed when the request asked for `stream: true`, one JSON completion otherwise. */
export function answerOpenAi(body: { stream?: boolean }, res: http.ServerResponse, deltas: string[], options: Parameters<typeof writeOpenAiStream>[2] = {}) {
  return body.stream ? writeOpenAiStream(res, deltas, options) : writeOpenAiCompletion(res, deltas.join(''));
}
