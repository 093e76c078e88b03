import { GoogleGenerativeAI, GoogleGenerativeAIFetchError } from '@google/generative-ai';
import { DEFAULT_RETRY, dimensionOf, EmbeddingError, splitBlank, withRetries, type RetryPolicy } from './embedding-http.js';
import type { EmbeddingProvider } from './search.types.js';

export interface GeminiEmbedderOptions {
  apiKey: string;
  /** e.g. https://generativelanguage.googleapis.com/v1beta (the API version is the last path segment) */
  baseUrl?: string;
  model?: string;
  /** the dimension of a model this adapter does not know */
  dimension?: number;
  retry?: RetryPolicy;
}

const NATIVE_DIMENSIONS: Record<string, number> = {
  'text-embedding-004': 768,
  'embedding-001': 768,
  'gemini-embedding-001': 3072,
};
/** batchEmbedContents takes at most 100 requests */
const MAX_BATCH = 100;

/** Splits ".../v1beta" into the SDK's baseUrl and apiVersion (the persona subgraph's GEMINI_BASE_URL includes the version). */
export function geminiEndpoint(baseUrl: string): { baseUrl: string; apiVersion: string } {
  const url = baseUrl.replace(/\/+$/, '');
  const match = url.match(/^(.*)\/(v\d+[a-z0-9]*)$/);
  return match ? { baseUrl: match[1]!, apiVersion: match[2]! } : { baseUrl: url, apiVersion: 'v1beta' };
}

/**
 * Gemini embeddings through @google/generative-ai `batchEmbedContents`
 * (the key goes in the x-goog-api-key header). No task type is sent: the
 * port embeds documents and questions alike, so both sides stay in one
 * space. Model id recorded: "gemini:<model>".
 */
export class GeminiEmbedder implements EmbeddingProvider {
  readonly model: string;
  readonly dimension: number;
  private readonly apiModel: string;
  private readonly client: ReturnType<GoogleGenerativeAI['getGenerativeModel']>;
  private readonly retry: RetryPolicy;

  constructor(options: GeminiEmbedderOptions) {
    this.apiModel = options.model ?? 'text-embedding-004';
    const dimension = dimensionOf('Gemini', this.apiModel, options.dimension, NATIVE_DIMENSIONS);
    this.dimension = dimension;
    this.model = `gemini:${this.apiModel}`;
    this.client = new GoogleGenerativeAI(options.apiKey).getGenerativeModel(
      { model: this.apiModel },
      geminiEndpoint(options.baseUrl ?? 'https://generativelanguage.googleapis.com/v1beta'),
    );
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out = texts.map(() => new Float32Array(this.dimension));
    const { sendIndexes } = splitBlank(texts);
    for (let start = 0; start < sendIndexes.length; start += MAX_BATCH) {
      const group = sendIndexes.slice(start, start + MAX_BATCH);
      const response = await withRetries('Gemini', this.retry, signal, (err) => (err instanceof GoogleGenerativeAIFetchError ? err.status : undefined), () =>
        this.client.batchEmbedContents(
          { requests: group.map((i) => ({ content: { role: 'user', parts: [{ text: texts[i]! }] } })) },
          { signal },
        ),
      );
      const embeddings = response.embeddings ?? [];
      if (embeddings.length !== group.length) throw new EmbeddingError('Gemini', `asked for ${group.length} embeddings, got ${embeddings.length}`, undefined, true);
      embeddings.forEach((embedding, k) => {
        const vector = Float32Array.from(embedding.values ?? []);
        if (vector.length !== this.dimension) throw new EmbeddingError('Gemini', `expected dimension ${this.dimension}, got ${vector.length}`, undefined, false);
        out[group[k]!] = vector;
      });
    }
    return out;
  }
}
