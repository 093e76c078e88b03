import { guardStream, interrupted, postJson } from './http.js';
import { ProviderError, type LlmCompletion, type LlmProviderPort, type LlmRequest, type LlmUsage, type StreamPart } from './provider.js';
import { sseData } from './sse.js';

export interface GeminiOptions {
  apiKey: string;
  /** e.g. https://generativelanguage.googleapis.com/v1beta (tests point it at a local server) */
  baseUrl: string;
  defaultModel: string;
}

interface GenerateResponse {
  candidates?: { content?: { parts?: { text?: string }[] }; finishReason?: string }[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number };
}

const toUsage = (u: GenerateResponse['usageMetadata']): LlmUsage | undefined =>
  u ? { promptTokens: u.promptTokenCount ?? 0, completionTokens: u.candidatesTokenCount ?? 0 } : undefined;

const textOf = (response: GenerateResponse) => (response.candidates?.[0]?.content?.parts ?? []).map((p) => p.text ?? '').join('');

/**
 * Gemini generateContent / streamGenerateContent?alt=sse over raw fetch,
 * the key in x-goog-api-key (as Google's SDK sends it). System messages
 * become systemInstruction; assistant turns are role "model".
 */
export class GeminiProvider implements LlmProviderPort {
  readonly name = 'GEMINI' as const;
  constructor(private readonly options: GeminiOptions) {}

  private body(request: LlmRequest) {
    const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
    return {
      ...(system ? { systemInstruction: { parts: [{ text: system }] } } : {}),
      contents: request.messages
        .filter((m) => m.role !== 'system')
        .map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] })),
      generationConfig: { temperature: request.temperature, maxOutputTokens: request.maxTokens },
    };
  }

  private post(request: LlmRequest, method: 'generateContent' | 'streamGenerateContent', signal: AbortSignal) {
    const model = encodeURIComponent(request.model ?? this.options.defaultModel);
    const query = method === 'streamGenerateContent' ? '?alt=sse' : '';
    const url = `${this.options.baseUrl.replace(/\/$/, '')}/models/${model}:${method}${query}`;
    return postJson(this.name, url, { 'x-goog-api-key': this.options.apiKey }, this.body(request), signal);
  }

  private blocked(response: GenerateResponse): void {
    const reason = response.promptFeedback?.blockReason;
    if (reason) throw new ProviderError(this.name, `the request was blocked (${reason})`, { retryable: false });
  }

  async *stream(request: LlmRequest, signal: AbortSignal): AsyncGenerator<StreamPart> {
    const res = await this.post(request, 'streamGenerateContent', signal);
    if (!res.body) throw interrupted(this.name);
    let finished = false;
    let usage: LlmUsage | undefined;
    for await (const data of guardStream(this.name, sseData(res.body), signal)) {
      let event: GenerateResponse;
      try {
        event = JSON.parse(data) as GenerateResponse;
      } catch (err) {
        throw new ProviderError(this.name, 'unreadable stream event', { retryable: true, cause: err });
      }
      this.blocked(event);
      const delta = textOf(event);
      if (delta) yield { delta };
      // every event repeats the running totals: keep the last
      usage = toUsage(event.usageMetadata) ?? usage;
      if (event.candidates?.some((c) => c.finishReason)) finished = true;
    }
    if (!finished) throw interrupted(this.name);
    if (usage) yield { usage };
  }

  async complete(request: LlmRequest, signal: AbortSignal): Promise<LlmCompletion> {
    const res = await this.post(request, 'generateContent', signal);
    const body = (await res.json()) as GenerateResponse;
    this.blocked(body);
    return { text: textOf(body), usage: toUsage(body.usageMetadata) ?? null };
  }
}
