import type { Claims } from '../../../internal/auth/claims.js';
import { BadInput } from '../../../internal/errors.js';
import type { EventPublisher } from '../../../internal/events/events.js';
import { claimsOf } from '../../../internal/graphql/context.js';
import type { LlmRequest } from '../llm/provider.js';
import type { PersonaContext } from '../context.js';
import type { PersonaService } from '../persona/persona.service.js';
import type { Persona } from '../persona/persona.type.js';
import { buildMessages } from '../prompt/prompt-builder.js';
import { selectContext } from '../retrieval/context-selection.js';
import type { Retriever } from '../retrieval/knowledge.client.js';
import type { ContextChunk } from '../retrieval/retrieved-chunk.js';
import { checkSafety, type SafetyCategory } from '../safety/safety-check.js';
import { isSmallTalk, notCoveredText, refusalText, smallTalkText } from '../safety/refusal.js';
import type { AnswerKind } from './answer-parts.js';
import type { AnswerRunner } from './answer.runner.js';
import { MAX_QUESTION_CHARS, type AskRequest } from './answer.request.js';
import type { PersonaAnswer } from './answer.type.js';

/** Who asks: verified claims, and the token forwarded to knowledge. */
export interface Caller {
  claims: Claims;
  token: string | null;
}

export interface RetrievalSettings {
  topK: number;
  contextTokens: number;
  minScore: number;
  maxHistoryMessages: number;
}

/** An answer decided without a model (refusal, small talk, nothing relevant) or one to generate. */
export type PreparedAnswer =
  | { kind: 'fixed'; answerKind: Exclude<AnswerKind, 'grounded'>; persona: Persona; text: string; refusal?: SafetyCategory }
  | { kind: 'generate'; persona: Persona; request: LlmRequest; context: ContextChunk[] };

function validQuestion(raw: string): string {
  const question = raw.trim();
  if (!question) throw BadInput('question must not be empty', { field: 'question' });
  if (question.length > MAX_QUESTION_CHARS) throw BadInput(`question must be at most ${MAX_QUESTION_CHARS} characters`, { field: 'question' });
  return question;
}

/**
 * Answers questions with a persona: checks the caller and the question,
 * retrieves from knowledge, builds the prompt (prepare — every error here
 * happens before anything streams), then generates (AnswerRunner).
 */
export class AnswerService {
  constructor(
    private readonly personas: PersonaService,
    private readonly retriever: Retriever,
    private readonly runner: AnswerRunner,
    private readonly events: EventPublisher,
    private readonly settings: RetrievalSettings,
  ) {}

  async prepare(caller: Caller, ask: AskRequest, signal?: AbortSignal): Promise<PreparedAnswer> {
    const question = validQuestion(ask.question);
    const persona = await this.personas.requireAnswering(caller.claims, ask.personaId);
    const refusal = checkSafety(question);
    if (refusal) {
      await this.events.publish({
        type: 'answer_refused',
        orgId: caller.claims.org,
        userId: caller.claims.sub,
        payload: { personaId: persona.id, category: refusal, stage: 'input' },
      });
      return { kind: 'fixed', answerKind: 'refused', persona, text: refusalText(persona, refusal), refusal };
    }
    if (isSmallTalk(question)) return { kind: 'fixed', answerKind: 'small_talk', persona, text: smallTalkText(persona, question) };

    const hits = await this.retriever.search({ personaId: persona.id, query: question, limit: this.settings.topK, token: caller.token, signal });
    const context = selectContext(question, hits, { budgetTokens: this.settings.contextTokens, minScore: this.settings.minScore });
    if (!context.length) return { kind: 'fixed', answerKind: 'not_covered', persona, text: notCoveredText(persona) };

    const messages = buildMessages({ persona, question, history: ask.history, context, maxHistoryMessages: this.settings.maxHistoryMessages });
    const { model, temperature, maxTokens } = persona.llm;
    return { kind: 'generate', persona, context, request: { messages, model, temperature, maxTokens, question, context } };
  }

  /** askPersona: the same answer, generated in one piece. */
  async ask(ctx: PersonaContext, ask: AskRequest): Promise<PersonaAnswer> {
    const caller = { claims: claimsOf(ctx), token: ctx.token };
    const prepared = await this.prepare(caller, ask);
    for await (const event of this.runner.run(prepared, caller, AbortSignal.timeout(120_000), false)) {
      if (event.type === 'done') return event;
      // masked for the client as INTERNAL_SERVER_ERROR with the request id; the cause is logged
      if (event.type === 'error') throw new Error(`${event.code}: ${event.message}`);
    }
    throw new Error('the answer ended without a result');
  }
}
