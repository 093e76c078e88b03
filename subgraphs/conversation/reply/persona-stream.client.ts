import { AppError, ErrorCode } from '../../../internal/errors.js';
import { outgoingHeaders } from '../../../internal/tracing/span.js';
import type { HistoryTurn } from '../message/message.service.js';

/** One line of the persona subgraph's NDJSON answer stream (docs/persona.md). */
export type PersonaStreamLine =
  | { type: 'token'; delta: string }
  | { type: 'citation'; citation: Record<string, unknown> }
  | {
      type: 'done';
      text: string;
      citations?: Record<string, unknown>[];
      animationHint?: string | null;
      actions?: unknown[];
      usage?: { promptTokens?: number; completionTokens?: number };
      refused?: boolean;
    }
  | { type: 'error'; code: string; message: string };

export interface AnswerRequest {
  personaId: string;
  question: string;
  history: HistoryTurn[];
}

/**
 * Streams an answer from persona's `POST /internal/answers/stream` on the
 * user's behalf. Aborting `signal` closes the request, which stops the
 * persona's LLM call.
 */
export class PersonaStreamClient {
  constructor(private readonly personaUrl: string) {}

  async *stream(request: AnswerRequest, token: string | null, signal: AbortSignal): AsyncGenerator<PersonaStreamLine> {
    const res = await fetch(`${this.personaUrl.replace(/\/$/, '')}/internal/answers/stream`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/x-ndjson',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...outgoingHeaders(),
      },
      body: JSON.stringify(request),
      signal,
    });
    if (!res.ok || !res.body) {
      const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
      const code = body?.code && (Object.values(ErrorCode) as string[]).includes(body.code) ? (body.code as ErrorCode) : ErrorCode.INTERNAL_SERVER_ERROR;
      throw new AppError(code, body?.message ?? `persona answered HTTP ${res.status}`);
    }
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) yield JSON.parse(line) as PersonaStreamLine;
      }
    }
    if (buffered.trim()) yield JSON.parse(buffered) as PersonaStreamLine;
  }
}
