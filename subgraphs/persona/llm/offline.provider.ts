import { setImmediate as nextTick } from 'node:timers/promises';
import { estimateTokens } from '../../../internal/text/tokens.js';
import { contentTerms, overlap, sentences, wordPieces } from '../text/terms.js';
import type { LlmCompletion, LlmProviderPort, LlmRequest, StreamPart } from './provider.js';

/** How the offline answer introduces itself: it must never pass for a model's own words. */
export const OFFLINE_PREFACE = 'Here is what the course material says (quoted directly, no language model was used):';
const MAX_QUOTES = 3;

interface Quote {
  text: string;
  tag: number;
  score: number;
}

/** The sentences of the context that share the most topic words with the question, best first. */
function pickQuotes(request: LlmRequest): Quote[] {
  const question = contentTerms(request.question);
  const candidates: Quote[] = [];
  request.context.forEach((chunk, rank) => {
    for (const sentence of sentences(chunk.text)) {
      const shared = overlap(question, contentTerms(sentence));
      // retrieval rank breaks ties: knowledge already ordered the chunks
      if (shared > 0) candidates.push({ text: sentence, tag: chunk.tag, score: shared - rank * 1e-3 });
    }
  });
  candidates.sort((a, b) => b.score - a.score);
  const picked: Quote[] = [];
  let budget = request.maxTokens - estimateTokens(OFFLINE_PREFACE);
  for (const quote of candidates) {
    if (picked.length === MAX_QUOTES) break;
    const cost = estimateTokens(quote.text) + 4;
    if (cost > budget && picked.length) break;
    picked.push(quote);
    budget -= cost;
  }
  if (!picked.length && request.context[0]) {
    const first = sentences(request.context[0].text)[0];
    if (first) picked.push({ text: first, tag: request.context[0].tag, score: 0 });
  }
  return picked;
}

/** The full offline answer: the preface, then each quote with the tag of the chunk it came from. */
export function offlineAnswer(request: LlmRequest): string {
  const quotes = pickQuotes(request);
  return [OFFLINE_PREFACE, ...quotes.map((q) => `“${q.text}” [${q.tag}]`)].join('\n\n');
}

/**
 * The default provider: no network, no model weights. It answers
 * extractively from the retrieved chunks and says so, streaming word by word
 * so the streaming path behaves as with a real model.
 */
export class OfflineProvider implements LlmProviderPort {
  readonly name = 'OFFLINE' as const;

  async *stream(request: LlmRequest, signal: AbortSignal): AsyncGenerator<StreamPart> {
    signal.throwIfAborted();
    const text = offlineAnswer(request);
    let sent = 0;
    for (const piece of wordPieces(text)) {
      // yield the event loop now and then so a client that went away is noticed
      if (++sent % 16 === 0) await nextTick();
      signal.throwIfAborted();
      yield { delta: piece };
    }
    yield { usage: this.usage(request, text) };
  }

  async complete(request: LlmRequest, signal: AbortSignal): Promise<LlmCompletion> {
    signal.throwIfAborted();
    const text = offlineAnswer(request);
    return { text, usage: this.usage(request, text) };
  }

  private usage(request: LlmRequest, text: string) {
    return { promptTokens: request.messages.reduce((sum, m) => sum + estimateTokens(m.content), 0), completionTokens: estimateTokens(text) };
  }
}
