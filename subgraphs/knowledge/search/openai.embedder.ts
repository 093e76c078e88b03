import OpenAI from 'openai';
import { DEFAULT_RETRY, dimensionOf, EmbeddingError, splitBlank, withRetries, type RetryPolicy } from './embedding-http.js';
import type { EmbeddingProvider } from './search.types.js';

export interface OpenAiEmbedderOptions {
  apiKey: string;
  /** e.g. https://api.openai.com/v1 (tests point it at a local server) */
  baseUrl?: string;
  model?: string;
  /** shortened output (text-embedding-3 models); also the dimension of a model this adapter does not know */
  dimensions?: number;
  retry?: RetryPolicy;
  /** the API takes at most 2048 inputs per request */
  maxInputsPerRequest?: number;
  /** estimated tokens per request (the API caps a request at 300k tokens) */
  maxTokensPerRequest?: number;
}

const NATIVE_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** Cheap upper-ish estimate for budgeting requests: ~4 characters per token in English, 3 to be safe. */
const estimateTokens = (text: string) => Math.ceil(text.length / 3);

/**
 * OpenAI embeddings through the openai SDK. The SDK asks for base64 floats
 * by default and decodes them; its own retries are off so that retries,
 * backoff and abort follow one policy (withRetries). Inputs are sent in
 * requests of at most `maxInputsPerRequest` texts and `maxTokensPerRequest`
 * estimated tokens. Model id recorded: "openai:<model>:<dimension>".
 */
export class OpenAiEmbedder implements EmbeddingProvider {
  readonly model: string;
  readonly dimension: number;
  private readonly client: OpenAI;
  private readonly apiModel: string;
  private readonly dimensionsParam: number | undefined;
  private readonly retry: RetryPolicy;
  private readonly maxInputs: number;
  private readonly maxTokens: number;

  constructor(options: OpenAiEmbedderOptions) {
    this.apiModel = options.model ?? 'text-embedding-3-small';
    const dimension = dimensionOf('OpenAI', this.apiModel, options.dimensions, NATIVE_DIMENSIONS);
    this.dimension = dimension;
    this.dimensionsParam = options.dimensions;
    this.model = `openai:${this.apiModel}:${dimension}`;
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl ?? 'https://api.openai.com/v1', maxRetries: 0 });
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.maxInputs = Math.min(options.maxInputsPerRequest ?? 2048, 2048);
    this.maxTokens = options.maxTokensPerRequest ?? 250_000;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out = texts.map(() => new Float32Array(this.dimension));
    const { sendIndexes } = splitBlank(texts);
    for (const group of this.requests(sendIndexes, texts)) {
      const response = await withRetries('OpenAI', this.retry, signal, (err) => (err instanceof OpenAI.APIError ? err.status : undefined), () =>
        this.client.embeddings.create(
          { model: this.apiModel, input: group.map((i) => texts[i]!), ...(this.dimensionsParam ? { dimensions: this.dimensionsParam } : {}) },
          { signal },
        ),
      );
      if (response.data.length !== group.length) throw new EmbeddingError('OpenAI', `asked for ${group.length} embeddings, got ${response.data.length}`, undefined, true);
      for (const item of response.data) {
        const vector = Float32Array.from(item.embedding as ArrayLike<number>);
        if (vector.length !== this.dimension) throw new EmbeddingError('OpenAI', `expected dimension ${this.dimension}, got ${vector.length}`, undefined, false);
        out[group[item.index]!] = vector;
      }
    }
    return out;
  }

  /** Groups of text indexes within the per-request input and token limits. */
  private *requests(indexes: number[], texts: string[]): Generator<number[]> {
    let group: number[] = [];
    let tokens = 0;
    for (const i of indexes) {
      const cost = estimateTokens(texts[i]!);
      if (group.length && (group.length >= this.maxInputs || tokens + cost > this.maxTokens)) {
        yield group;
        group = [];
        tokens = 0;
      }
      group.push(i);
      tokens += cost;
    }
    if (group.length) yield group;
  }
}
