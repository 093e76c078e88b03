import { guardStream, interrupted, postJson } from './http.js';
import { ProviderError, type ChatMessage, type LlmCompletion, type LlmProviderPort, type LlmRequest, type LlmUsage, type StreamPart } from './provider.js';
import { sseData } from './sse.js';

export interface OpenAiOptions {
  apiKey: string;
  /** e.g. https://api.openai.com/v1 (tests point it at a local server) */
  baseUrl: string;
  defaultModel: string;
}

interface ChatChunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}
interface ChatResponse {
  choices?: { message?: { content?: string | null } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

const toUsage = (u: ChatChunk['usage']): LlmUsage | undefined =>
  u ? { promptTokens: u.prompt_tokens ?? 0, completionTokens: u.completion_tokens ?? 0 } : undefined;

/** OpenAI chat completions over raw fetch: SSE streaming (`data: {…}` … `data: [DONE]`) and plain JSON. */
export class OpenAiProvider implements LlmProviderPort {
  readonly name = 'OPENAI' as const;
  constructor(private readonly options: OpenAiOptions) {}

  private body(request: LlmRequest, stream: boolean) {
    return {
      model: request.model ?? this.options.defaultModel,
      messages: request.messages.map((m: ChatMessage) => ({ role: m.role, content: m.content })),
      temperature: request.temperature,
      max_tokens: request.maxTokens,
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    };
  }

  private post(request: LlmRequest, stream: boolean, signal: AbortSignal) {
    const url = `${this.options.baseUrl.replace(/\/$/, '')}/chat/completions`;
    return postJson(this.name, url, { authorization: `Bearer ${this.options.apiKey}` }, this.body(request, stream), signal);
  }

  async *stream(request: LlmRequest, signal: AbortSignal): AsyncGenerator<StreamPart> {
    const res = await this.post(request, true, signal);
    if (!res.body) throw interrupted(this.name);
    let done = false;
    for await (const data of guardStream(this.name, sseData(res.body), signal)) {
      if (data === '[DONE]') {
        done = true;
        break;
      }
      let chunk: ChatChunk;
      try {
        chunk = JSON.parse(data) as ChatChunk;
      } catch (err) {
        throw new ProviderError(this.name, 'unreadable stream event', { retryable: true, cause: err });
      }
      const delta = chunk.choices?.[0]?.delta?.content;
      if (delta) yield { delta };
      const usage = toUsage(chunk.usage);
      if (usage) yield { usage };
    }
    if (!done) throw interrupted(this.name);
  }

  async complete(request: LlmRequest, signal: AbortSignal): Promise<LlmCompletion> {
    const res = await this.post(request, false, signal);
    const body = (await res.json()) as ChatResponse;
    const text = body.choices?.[0]?.message?.content;
    if (typeof text !== 'string') throw new ProviderError(this.name, 'answer without text', { retryable: true });
    return { text, usage: toUsage(body.usage) ?? null };
  }
}
