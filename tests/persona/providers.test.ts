import type http from 'node:http';
import pino from 'pino';
import { GeminiProvider } from '../../subgraphs/persona/llm/gemini.provider.js';
import { OfflineProvider } from '../../subgraphs/persona/llm/offline.provider.js';
import { OpenAiProvider } from '../../subgraphs/persona/llm/openai.provider.js';
import { LlmInterrupted, LlmOrchestrator, type OrchestratedPart } from '../../subgraphs/persona/llm/orchestrator.js';
import type { LlmRequest } from '../../subgraphs/persona/llm/provider.js';
import { writeGeminiStream, writeHttpError, writeOpenAiCompletion, writeOpenAiStream } from '../support/fake-llm.js';
import { clientWentAway, delay, startLocalServer, type LocalServer, type RecordedRequest } from '../support/http-server.js';

// Adapters against local HTTP servers speaking OpenAI's and Gemini's documented streaming formats.
let openaiServer: LocalServer;
let geminiServer: LocalServer;
let openaiHandler: (req: RecordedRequest, res: http.ServerResponse, index: number) => void | Promise<void>;
let geminiHandler: (req: RecordedRequest, res: http.ServerResponse, index: number) => void | Promise<void>;

beforeAll(async () => {
  openaiServer = await startLocalServer((req, res, i) => openaiHandler(req, res, i));
  geminiServer = await startLocalServer((req, res, i) => geminiHandler(req, res, i));
});
afterAll(async () => {
  await openaiServer.close();
  await geminiServer.close();
});
beforeEach(() => {
  openaiServer.requests.length = 0;
  geminiServer.requests.length = 0;
});

const REQUEST: LlmRequest = {
  messages: [
    { role: 'system', content: 'You are Gabriel.' },
    { role: 'user', content: 'Earlier question' },
    { role: 'assistant', content: 'Earlier answer' },
    { role: 'user', content: 'What does photosynthesis produce?' },
  ],
  model: null,
  temperature: 0.3,
  maxTokens: 200,
  question: 'What does photosynthesis produce?',
  context: [{ tag: 1, chunkId: 'c1', text: 'Photosynthesis produces glucose and oxygen.', score: 1, location: { label: 'page 3' }, source: { id: 's', title: 'Plants' } }],
};

const openai = () => new OpenAiProvider({ apiKey: 'sk-test', baseUrl: `${openaiServer.url}/v1`, defaultModel: 'gpt-4o-mini' });
const gemini = () => new GeminiProvider({ apiKey: 'g-test', baseUrl: `${geminiServer.url}/v1beta`, defaultModel: 'gemini-2.0-flash' });
const log = pino({ level: 'silent' });
const orchestrator = (options: Partial<ConstructorParameters<typeof LlmOrchestrator>[2]> = {}, fallback: 'GEMINI' | 'OFFLINE' = 'GEMINI') =>
  new LlmOrchestrator({ OPENAI: openai(), GEMINI: gemini(), OFFLINE: new OfflineProvider() }, fallback, { timeoutMs: 2_000, maxRetries: 2, retryBaseMs: 5, ...options }, log);

async function collect(parts: AsyncIterable<OrchestratedPart>) {
  let text = '';
  let done: Extract<OrchestratedPart, { done: true }> | null = null;
  for await (const part of parts) {
    if ('delta' in part) text += part.delta;
    else done = part;
  }
  return { text, done };
}

describe('OpenAI adapter', () => {
  test('streams chat completion deltas in order and reads the usage chunk', async () => {
    openaiHandler = (_req, res) => writeOpenAiStream(res, ['Glucose', ' and', ' oxygen.'], { usage: { prompt: 12, completion: 3 } });
    const parts = [];
    for await (const part of openai().stream(REQUEST, new AbortController().signal)) parts.push(part);
    expect(parts).toEqual([{ delta: 'Glucose' }, { delta: ' and' }, { delta: ' oxygen.' }, { usage: { promptTokens: 12, completionTokens: 3 } }]);
    const [sent] = openaiServer.requests;
    expect(sent!.url).toBe('/v1/chat/completions');
    expect(sent!.headers.authorization).toBe('Bearer sk-test');
    expect(sent!.body).toEqual({
      model: 'gpt-4o-mini',
      messages: REQUEST.messages,
      temperature: 0.3,
      max_tokens: 200,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  test('answers in one piece without streaming', async () => {
    openaiHandler = (_req, res) => writeOpenAiCompletion(res, 'Glucose and oxygen.');
    expect(await openai().complete(REQUEST, new AbortController().signal)).toEqual({ text: 'Glucose and oxygen.', usage: { promptTokens: 40, completionTokens: 7 } });
  });

  test('a 400 is a final error carrying the provider’s message', async () => {
    openaiHandler = (_req, res) => writeHttpError(res, 400, 'model not found');
    await expect(openai().complete(REQUEST, new AbortController().signal)).rejects.toMatchObject({ message: 'OPENAI: HTTP 400: model not found', retryable: false });
  });
});

describe('Gemini adapter', () => {
  test('streams streamGenerateContent?alt=sse with the key in x-goog-api-key and the system prompt as systemInstruction', async () => {
    geminiHandler = (_req, res) => writeGeminiStream(res, ['Glucose', ' and oxygen.']);
    const parts = [];
    for await (const part of gemini().stream(REQUEST, new AbortController().signal)) parts.push(part);
    expect(parts).toEqual([{ delta: 'Glucose' }, { delta: ' and oxygen.' }, { usage: { promptTokens: 30, completionTokens: 2 } }]);
    const [sent] = geminiServer.requests;
    expect(sent!.url).toBe('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse');
    expect(sent!.headers['x-goog-api-key']).toBe('g-test');
    expect(sent!.body).toEqual({
      systemInstruction: { parts: [{ text: 'You are Gabriel.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Earlier question' }] },
        { role: 'model', parts: [{ text: 'Earlier answer' }] },
        { role: 'user', parts: [{ text: 'What does photosynthesis produce?' }] },
      ],
      generationConfig: { temperature: 0.3, maxOutputTokens: 200 },
    });
  });

  test('a stream that ends without a finishReason is an interruption', async () => {
    geminiHandler = (_req, res) => {
      void writeGeminiStream(res, ['Glucose'], { finish: false });
      res.end();
    };
    const parts = gemini().stream(REQUEST, new AbortController().signal);
    await expect(collect(parts as AsyncIterable<OrchestratedPart>)).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/ended before/) });
  });
});

describe('orchestrator', () => {
  test('a 429 then success: retried after the backoff, answered by the same provider', async () => {
    openaiHandler = (_req, res, i) => (i === 0 ? writeHttpError(res, 429, 'slow down', { 'retry-after': '0' }) : writeOpenAiStream(res, ['Glucose.']));
    const { text, done } = await collect(orchestrator().generate('OPENAI', REQUEST, new AbortController().signal, true));
    expect([text, done?.provider, openaiServer.requests.length]).toEqual(['Glucose.', 'OPENAI', 2]);
  });

  test('5xx on every retry falls back to the second provider', async () => {
    openaiHandler = (_req, res) => writeHttpError(res, 503, 'overloaded');
    geminiHandler = (_req, res) => writeGeminiStream(res, ['From Gemini.']);
    const { text, done } = await collect(orchestrator().generate('OPENAI', REQUEST, new AbortController().signal, true));
    expect([text, done?.provider, openaiServer.requests.length, geminiServer.requests.length]).toEqual(['From Gemini.', 'GEMINI', 3, 1]);
  });

  test('a provider that never answers times out, is retried, then the chain moves on', async () => {
    openaiHandler = () => undefined; // accepts the request and says nothing
    geminiHandler = (_req, res) => writeGeminiStream(res, ['Late but there.']);
    const started = Date.now();
    const { done } = await collect(orchestrator({ timeoutMs: 150, maxRetries: 1 }).generate('OPENAI', REQUEST, new AbortController().signal, true));
    expect([done?.provider, openaiServer.requests.length]).toEqual(['GEMINI', 2]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  test('a mid-stream disconnect is not retried when streaming (text was shown) …', async () => {
    openaiHandler = async (_req, res) => {
      await writeOpenAiStream(res, ['Gluc'], { finish: false });
      await delay(50);
      res.destroy();
    };
    const parts = orchestrator().generate('OPENAI', REQUEST, new AbortController().signal, true);
    await expect(collect(parts)).rejects.toBeInstanceOf(LlmInterrupted);
    expect(openaiServer.requests.length).toBe(1);
  });

  test('… but a disconnect before any text is retried', async () => {
    openaiHandler = (_req, res, i) => {
      if (i === 0) res.destroy();
      else return writeOpenAiStream(res, ['Glucose.']);
    };
    const { text } = await collect(orchestrator().generate('OPENAI', REQUEST, new AbortController().signal, true));
    expect([text, openaiServer.requests.length]).toEqual(['Glucose.', 2]);
  });

  test('with every network provider down, OFFLINE still answers, saying it quotes the material', async () => {
    openaiHandler = (_req, res) => writeHttpError(res, 500, 'down');
    geminiHandler = (_req, res) => writeHttpError(res, 500, 'down');
    const { text, done } = await collect(orchestrator({ maxRetries: 0 }).generate('OPENAI', REQUEST, new AbortController().signal, false));
    expect(done?.provider).toBe('OFFLINE');
    expect(text).toMatch(/quoted directly, no language model was used[\s\S]*Photosynthesis produces glucose and oxygen\./);
  });

  test('cancelling stops the provider call at once, without retries or fallback', async () => {
    let gone: Promise<void> = new Promise(() => undefined);
    openaiHandler = (_req, res) => {
      gone = clientWentAway(res);
      return writeOpenAiStream(res, Array.from({ length: 200 }, () => 'word '), { gapMs: 20 });
    };
    const cancel = new AbortController();
    let deltas = 0;
    const run = (async () => {
      for await (const part of orchestrator().generate('OPENAI', REQUEST, cancel.signal, true)) if ('delta' in part && ++deltas === 2) cancel.abort();
    })();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await gone;
    expect([deltas, openaiServer.requests.length, geminiServer.requests.length]).toEqual([2, 1, 0]);
  });

  test('the chain skips providers without a key and always ends with OFFLINE', () => {
    const onlyOffline = new LlmOrchestrator({ OFFLINE: new OfflineProvider() }, 'GEMINI', { timeoutMs: 1, maxRetries: 0, retryBaseMs: 1 }, log);
    expect(onlyOffline.chain('OPENAI').map((p) => p.name)).toEqual(['OFFLINE']);
    expect(orchestrator().chain('GEMINI').map((p) => p.name)).toEqual(['GEMINI', 'OFFLINE']);
    expect(orchestrator({}, 'OFFLINE').chain('OPENAI').map((p) => p.name)).toEqual(['OPENAI', 'OFFLINE']);
  });
});
