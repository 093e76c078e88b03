import type { EventPublisher } from '../../../internal/events/events.js';
import type { Logger } from '../../../internal/logger.js';
import { LlmInterrupted, LlmUnavailable, type LlmOrchestrator } from '../llm/orchestrator.js';
import type { LlmRequest, LlmUsage, ProviderName } from '../llm/provider.js';
import { checkSafety, type SafetyCategory } from '../safety/safety-check.js';
import { notCoveredText, refusalText } from '../safety/refusal.js';
import { estimateTokens } from '../../../internal/text/tokens.js';
import { wordPieces } from '../text/terms.js';
import type { UsageService } from '../usage/usage.service.js';
import { actionsFor, animationHintFor, citationOf, usedChunks, type AnswerKind } from './answer-parts.js';
import type { AnswerDone, AnswerEvent } from './answer-event.js';
import type { Caller, PreparedAnswer } from './answer.service.js';
import { CitationMarkerFilter } from './marker-filter.js';

// the output check looks at the end of the answer: every pattern it knows is shorter than this
const OUTPUT_CHECK_WINDOW = 400;
const NO_USAGE: LlmUsage = { promptTokens: 0, completionTokens: 0 };

const estimateUsage = (request: LlmRequest, text: string): LlmUsage => ({
  promptTokens: request.messages.reduce((sum, m) => sum + estimateTokens(m.content), 0),
  completionTokens: estimateTokens(text),
});

type Generated =
  | { outcome: 'answered'; text: string; citedTags: number[]; provider: ProviderName; usage: LlmUsage | null }
  | { outcome: 'refused'; text: string; category: SafetyCategory }
  | { outcome: 'failed'; code: string; message: string }
  | { outcome: 'cancelled' };

/** Generates a prepared answer as AnswerEvents: tokens, citations, then exactly one done or error. */
export class AnswerRunner {
  constructor(
    private readonly orchestrator: LlmOrchestrator,
    private readonly usage: UsageService,
    private readonly events: EventPublisher,
    private readonly log: Logger,
  ) {}

  async *run(prepared: PreparedAnswer, caller: Caller, signal: AbortSignal, streaming: boolean): AsyncGenerator<AnswerEvent> {
    if (prepared.kind === 'fixed') {
      if (streaming) for (const delta of wordPieces(prepared.text)) yield { type: 'token', delta };
      yield this.done(prepared.answerKind, prepared.text, [], prepared.persona, NO_USAGE);
      return;
    }
    const generated = yield* this.generate(prepared, signal, streaming);
    if (generated.outcome === 'cancelled') return;
    if (generated.outcome === 'failed') {
      yield { type: 'error', code: generated.code, message: generated.message };
      return;
    }
    if (generated.outcome === 'refused') {
      await this.events.publish({
        type: 'answer_refused',
        orgId: caller.claims.org,
        userId: caller.claims.sub,
        payload: { personaId: prepared.persona.id, category: generated.category, stage: 'output' },
      });
      // the done text replaces whatever part of the answer had already streamed
      yield this.done('refused', refusalText(prepared.persona, generated.category), [], prepared.persona, estimateUsage(prepared.request, generated.text));
      return;
    }
    const usage = generated.usage ?? estimateUsage(prepared.request, generated.text);
    await this.usage.record(caller.claims.org, generated.provider, usage).catch((err) => this.log.error({ err }, 'token accounting failed'));
    if (!generated.text.trim()) {
      yield this.done('not_covered', notCoveredText(prepared.persona), [], prepared.persona, usage);
      return;
    }
    const citations = usedChunks(prepared.context, generated.citedTags, generated.text).map(citationOf);
    for (const citation of citations) yield { type: 'citation', citation };
    yield this.done(citations.length ? 'grounded' : 'not_covered', generated.text.trim(), citations, prepared.persona, usage);
  }

  /** Streams the model's clean text (tags removed), checking it as it grows. */
  private async *generate(
    prepared: Extract<PreparedAnswer, { kind: 'generate' }>,
    signal: AbortSignal,
    streaming: boolean,
  ): AsyncGenerator<AnswerEvent, Generated> {
    const stop = new AbortController();
    const filter = new CitationMarkerFilter(prepared.context.length);
    let text = '';
    let result: { provider: ProviderName; usage: LlmUsage | null } | null = null;
    const accept = (clean: string): SafetyCategory | null => {
      const category = checkSafety((text + clean).slice(-OUTPUT_CHECK_WINDOW));
      if (!category) text += clean;
      return category;
    };
    try {
      const parts = this.orchestrator.generate(prepared.persona.llm.provider, prepared.request, AbortSignal.any([signal, stop.signal]), streaming);
      for await (const part of parts) {
        if ('done' in part) {
          result = part;
          break;
        }
        const clean = filter.push(part.delta);
        if (!clean) continue;
        const refused = accept(clean);
        if (refused) {
          stop.abort();
          return { outcome: 'refused', text, category: refused };
        }
        if (streaming) yield { type: 'token', delta: clean };
      }
      const rest = filter.flush();
      if (rest) {
        const refused = accept(rest);
        if (refused) return { outcome: 'refused', text, category: refused };
        if (streaming) yield { type: 'token', delta: rest };
      }
    } catch (err) {
      if (signal.aborted) return { outcome: 'cancelled' };
      if (err instanceof LlmInterrupted || err instanceof LlmUnavailable) {
        this.log.warn({ err: err.message }, 'answer failed');
        return { outcome: 'failed', code: err.code, message: err.message };
      }
      throw err;
    }
    if (!result) return { outcome: 'cancelled' };
    return { outcome: 'answered', text, citedTags: filter.citedTags(), provider: result.provider, usage: result.usage };
  }

  private done(kind: AnswerKind, text: string, citations: AnswerDone['citations'], persona: PreparedAnswer['persona'], usage: LlmUsage): AnswerDone {
    return {
      type: 'done',
      text,
      citations,
      animationHint: animationHintFor(kind, text),
      actions: actionsFor(kind, citations, persona),
      usage,
      refused: kind === 'refused',
    };
  }
}
