import type http from 'node:http';
import { EmbeddingError, GeminiEmbedder, OpenAiEmbedder } from '../../subgraphs/knowledge/search/index.js';
import { geminiEndpoint } from '../../subgraphs/knowledge/search/gemini.embedder.js';
import { delay, startLocalServer, type LocalServer, type RecordedRequest } from '../support/http-server.js';

// Adapters against local HTTP servers speaking OpenAI's and Gemini's documented embedding formats.
type Handler = (req: RecordedRequest, res: http.ServerResponse, index: number) => void | Promise<void>;
let server: LocalServer;
let handler: Handler;
beforeAll(async () => {
  server = await startLocalServer((req, res, i) => handler(req, res, i));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
/** A recognizable vector per text: [length, first char code, 0, …]. */
const vectorFor = (text: string, dimension: number) => {
  const v = new Float32Array(dimension);
  v[0] = text.length;
  v[1] = text.charCodeAt(0);
  return v;
};
const base64 = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
const FAST = { maxRetries: 3, baseDelayMs: 1 };

/** OpenAI /v1/embeddings: answers base64 floats, as the SDK asks by default. */
const openAiOk: Handler = (req, res) => {
  const { input, dimensions } = req.body as { input: string[]; dimensions?: number };
  send(res, 200, {
    object: 'list',
    model: 'text-embedding-3-small',
    data: input.map((text, index) => ({ object: 'embedding', index, embedding: base64(vectorFor(text, dimensions ?? 1536)) })),
    usage: { prompt_tokens: 5, total_tokens: 5 },
  });
};
const openAi = (options: Partial<ConstructorParameters<typeof OpenAiEmbedder>[0]> = {}) =>
  new OpenAiEmbedder({ apiKey: 'sk-test', baseUrl: `${server.url}/v1`, retry: FAST, ...options });

describe('OpenAiEmbedder', () => {
  test('posts the texts with the key and model, and decodes the base64 float answer in order', async () => {
    handler = openAiOk;
    const embedder = openAi();
    expect([embedder.model, embedder.dimension]).toEqual(['openai:text-embedding-3-small:1536', 1536]);
    const vectors = await embedder.embed(['alpha', 'be']);
    expect(vectors.map((v) => [v.length, v[0], v[1]])).toEqual([
      [1536, 5, 97],
      [1536, 2, 98],
    ]);
    const [sent] = server.requests;
    expect([sent!.method, sent!.url, sent!.headers.authorization]).toEqual(['POST', '/v1/embeddings', 'Bearer sk-test']);
    expect(sent!.body).toEqual({ model: 'text-embedding-3-small', input: ['alpha', 'be'], encoding_format: 'base64' });
  });

  test('sends `dimensions` when set and records it in the model id', async () => {
    handler = openAiOk;
    const embedder = openAi({ model: 'text-embedding-3-large', dimensions: 256 });
    expect(embedder.model).toBe('openai:text-embedding-3-large:256');
    const [v] = await embedder.embed(['x']);
    expect(v!.length).toBe(256);
    expect(server.requests[0]!.body).toMatchObject({ model: 'text-embedding-3-large', dimensions: 256 });
    expect(() => openAi({ model: 'some-new-model' })).toThrow(/no known dimension/);
  });

  test('splits inputs by count and by token budget, keeping the order; blank texts are not sent', async () => {
    handler = openAiOk;
    const texts = ['one', '', 'three', 'four', 'fives', '   ', 'sixsix', 'seven'];
    const vectors = await openAi({ maxInputsPerRequest: 2 }).embed(texts);
    expect(server.requests.map((r) => r.body.input)).toEqual([['one', 'three'], ['four', 'fives'], ['sixsix', 'seven']]);
    expect(vectors.map((v) => v[0])).toEqual([3, 0, 5, 4, 5, 0, 6, 5]);
    server.requests.length = 0;
    await openAi({ maxTokensPerRequest: 4 }).embed(['aaaaaa', 'bbbbbb', 'c']); // 2 + 2 + 1 estimated tokens
    expect(server.requests.map((r) => r.body.input)).toEqual([['aaaaaa', 'bbbbbb'], ['c']]);
  });

  test('retries HTTP 429 and 5xx with backoff, then succeeds', async () => {
    handler = (req, res, i) => (i === 0 ? send(res, 429, { error: { message: 'Rate limit reached', type: 'requests' } }) : i === 1 ? send(res, 503, { error: { message: 'overloaded' } }) : openAiOk(req, res, i));
    const [v] = await openAi().embed(['hello']);
    expect(v![0]).toBe(5);
    expect(server.requests).toHaveLength(3);
  });

  test('a refused key fails at once with a clear, non-retryable error', async () => {
    handler = (_req, res) => send(res, 401, { error: { message: 'Incorrect API key provided: sk-test.', type: 'invalid_request_error', code: 'invalid_api_key' } });
    const failure = await openAi().embed(['hello']).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(EmbeddingError);
    expect((failure as EmbeddingError).message).toMatch(/^OpenAI embeddings: HTTP 401 \(the API key was refused; check the key\): .*Incorrect API key/);
    expect([(failure as EmbeddingError).status, (failure as EmbeddingError).retryable]).toEqual([401, false]);
    expect(server.requests).toHaveLength(1);
  });

  test('gives up after the retries as a retryable error', async () => {
    handler = (_req, res) => send(res, 500, { error: { message: 'boom' } });
    const failure = (await openAi().embed(['hello']).catch((err: unknown) => err)) as EmbeddingError;
    expect([failure.status, failure.retryable]).toEqual([500, true]);
    expect(failure.message).toMatch(/after 4 attempts/);
    expect(server.requests).toHaveLength(4);
  });

  test('stops when the signal aborts, during a request or a backoff', async () => {
    handler = async (req, res, i) => {
      await delay(200);
      openAiOk(req, res, i);
    };
    const controller = new AbortController();
    const pending = openAi().embed(['hello'], controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow(/abort/i);

    handler = (_req, res) => send(res, 429, { error: { message: 'slow down' } });
    const later = new AbortController();
    const backingOff = openAi({ retry: { maxRetries: 5, baseDelayMs: 60_000 } }).embed(['hello'], later.signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    later.abort();
    await expect(backingOff).rejects.toThrow(/abort/i);
  });
});

/** Gemini models/{model}:batchEmbedContents. */
const geminiOk: Handler = (req, res) => {
  const { requests } = req.body as { requests: { content: { parts: { text: string }[] } }[] };
  send(res, 200, { embeddings: requests.map((r) => ({ values: Array.from(vectorFor(r.content.parts[0]!.text, 768)) })) });
};
const gemini = (options: Partial<ConstructorParameters<typeof GeminiEmbedder>[0]> = {}) =>
  new GeminiEmbedder({ apiKey: 'g-test', baseUrl: `${server.url}/v1beta`, retry: FAST, ...options });

describe('GeminiEmbedder', () => {
  test('posts batchEmbedContents with the key in x-goog-api-key and reads the values in order', async () => {
    handler = geminiOk;
    const embedder = gemini();
    expect([embedder.model, embedder.dimension]).toEqual(['gemini:text-embedding-004', 768]);
    const vectors = await embedder.embed(['alpha', '', 'be']);
    expect(vectors.map((v) => [v.length, v[0], v[1]])).toEqual([
      [768, 5, 97],
      [768, 0, 0],
      [768, 2, 98],
    ]);
    const [sent] = server.requests;
    expect([sent!.method, sent!.url, sent!.headers['x-goog-api-key']]).toEqual(['POST', '/v1beta/models/text-embedding-004:batchEmbedContents', 'g-test']);
    expect(sent!.body).toEqual({
      requests: ['alpha', 'be'].map((text) => ({ model: 'models/text-embedding-004', content: { role: 'user', parts: [{ text }] } })),
    });
  });

  test('sends at most 100 texts per request', async () => {
    handler = geminiOk;
    const vectors = await gemini().embed(Array.from({ length: 150 }, (_, i) => `text ${i}`));
    expect(server.requests.map((r) => r.body.requests.length)).toEqual([100, 50]);
    expect(vectors[149]![0]).toBe('text 149'.length);
  });

  test('retries 429 then succeeds; a refused key fails at once with a clear error', async () => {
    handler = (req, res, i) => (i === 0 ? send(res, 429, { error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } }) : geminiOk(req, res, i));
    expect((await gemini().embed(['x']))[0]![0]).toBe(1);
    expect(server.requests).toHaveLength(2);

    server.requests.length = 0;
    handler = (_req, res) => send(res, 401, { error: { code: 401, message: 'API key not valid. Please pass a valid API key.', status: 'UNAUTHENTICATED' } });
    const failure = (await gemini().embed(['x']).catch((err: unknown) => err)) as EmbeddingError;
    expect(failure).toBeInstanceOf(EmbeddingError);
    expect(failure.message).toMatch(/^Gemini embeddings: HTTP 401 \(the API key was refused; check the key\): .*API key not valid/);
    expect(failure.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  test('takes the API version from the base URL, as the persona subgraph’s GEMINI_BASE_URL writes it', () => {
    expect(geminiEndpoint('https://generativelanguage.googleapis.com/v1beta/')).toEqual({ baseUrl: 'https://generativelanguage.googleapis.com', apiVersion: 'v1beta' });
    expect(geminiEndpoint('http://127.0.0.1:9/proxy/v1')).toEqual({ baseUrl: 'http://127.0.0.1:9/proxy', apiVersion: 'v1' });
    expect(geminiEndpoint('http://127.0.0.1:9')).toEqual({ baseUrl: 'http://127.0.0.1:9', apiVersion: 'v1beta' });
  });
});

// Live checks against the real APIs, only when a key is in the environment.
const liveOpenAi = process.env.OPENAI_API_KEY;
const liveGemini = process.env.GEMINI_API_KEY;
(liveOpenAi ? test : test.skip)(`OpenAI live embeddings${liveOpenAi ? '' : ' (skipped: set OPENAI_API_KEY)'}`, async () => {
  const [a, b, c] = await new OpenAiEmbedder({ apiKey: liveOpenAi!, dimensions: 256 }).embed(['The cat sat on the mat.', 'A kitten rested on the rug.', 'Quarterly tax filing deadlines']);
  const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
  expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
}, 60_000);
(liveGemini ? test : test.skip)(`Gemini live embeddings${liveGemini ? '' : ' (skipped: set GEMINI_API_KEY)'}`, async () => {
  const [a, b, c] = await new GeminiEmbedder({ apiKey: liveGemini! }).embed(['The cat sat on the mat.', 'A kitten rested on the rug.', 'Quarterly tax filing deadlines']);
  const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
  expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
}, 60_000);
