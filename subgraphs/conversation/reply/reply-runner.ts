import { AppError } from '../../../internal/errors.js';
import type { EventPublisher } from '../../../internal/events/events.js';
import type { Logger } from '../../../internal/logger.js';
import type { MessageService } from '../message/message.service.js';
import { INTERRUPTED_MESSAGE, serializeMessage } from '../stream/stream-event.js';
import type { PersonaStreamClient, PersonaStreamLine } from './persona-stream.client.js';
import type { ReplyLog } from './reply-log.js';
import { TokenBatcher } from './token-batcher.js';

export interface ReplyJob {
  replyId: string;
  conversation: { id: string; orgId: string; userId: string; personaId: string };
  question: { text: string; createdAt: Date };
  token: string | null;
}

export interface ReplyLimits {
  historyMessages: number;
  timeoutMs: number;
  /** stop generating after nobody has listened for this long */
  abandonMs: number;
  /** token deltas arriving within this window go out as one TOKEN event (0: one event per delta) */
  coalesceMs: number;
}

class ReplyStopped extends Error {
  constructor(readonly code: 'TIMEOUT' | 'CANCELLED' | 'LOCK_LOST', message: string) {
    super(message);
  }
}

/**
 * Produces one assistant reply: streams the persona's answer into the
 * conversation's stream (TYPING, TOKEN…, CITATION…, then DONE with the
 * stored message, or one ERROR), and stores it. The user's message was
 * stored before this starts and is never touched here.
 */
export class ReplyRunner {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly persona: PersonaStreamClient,
    private readonly messages: MessageService,
    private readonly replies: ReplyLog,
    private readonly events: EventPublisher,
    private readonly limits: ReplyLimits,
    private readonly log: Logger,
  ) {}

  /** Starts in the background; the reply lock is already held and is released at the end. */
  start(job: ReplyJob): void {
    const run = this.run(job).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Waits for replies in flight (graceful shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async run(job: ReplyJob): Promise<void> {
    const { conversation, replyId } = job;
    const emit = this.replies.writer(conversation.id, replyId);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new ReplyStopped('TIMEOUT', 'The answer took too long')), this.limits.timeoutMs);
    const watcher = this.watchListeners(conversation.id, abort);
    // a lost lock means a watchdog may already have ended this reply: stop, and let the end claim decide who speaks
    const heartbeat = this.replies.lock.heartbeat(conversation.id, replyId);
    heartbeat.lost.addEventListener('abort', () => abort.abort(new ReplyStopped('LOCK_LOST', 'The answer lost its slot')));
    const tokens = new TokenBatcher((delta, index) => emit({ kind: 'TOKEN', messageId: replyId, delta, index }), this.limits.coalesceMs);
    let ended = false; // this producer holds the end claim
    try {
      await emit({ kind: 'TYPING', userId: conversation.personaId, typing: true });
      const history = await this.messages.history(conversation.id, job.question.createdAt, this.limits.historyMessages);
      const lines = this.persona.stream({ personaId: conversation.personaId, question: job.question.text, history }, job.token, abort.signal);
      let text = '';
      const citations: Record<string, unknown>[] = [];
      let done: Extract<PersonaStreamLine, { type: 'done' }> | null = null;
      for await (const line of lines) {
        if (line.type === 'token') {
          text += line.delta;
          tokens.push(line.delta);
        } else if (line.type === 'citation') {
          await tokens.flush();
          citations.push(line.citation);
          await emit({ kind: 'CITATION', messageId: replyId, citation: line.citation });
        } else if (line.type === 'done') {
          done = line;
        } else {
          throw new AppError(line.code as never, line.message);
        }
      }
      if (!done) throw new Error('the persona stream ended without an answer');
      if (text === '' && done.text) {
        // an answer that arrived whole still reaches clients as tokens
        text = done.text;
        tokens.push(text);
      } else if (done.text !== text && done.text !== text.trim()) {
        // the persona's output check stopped the answer and replaced it (done.text is authoritative):
        // DONE carries the replacement, which clients show instead of the streamed tokens.
        // (The persona trims its done.text; the streamed text is kept then, so the deltas still add up to it.)
        this.log.info({ conversationId: conversation.id, refused: done.refused }, 'answer replaced by the persona after streaming');
        text = done.text;
      }
      await tokens.flush();
      if (!(ended = await this.replies.claimEnd(conversation.id, replyId))) return; // a watchdog ended it already
      const stored = await this.messages.addAssistantMessage(conversation.id, {
        id: replyId,
        text,
        animationHint: done.animationHint ?? null,
        citations: done.citations ?? citations,
        actions: done.actions ?? [],
        tokenCount: done.usage?.completionTokens ?? null,
      });
      await emit({ kind: 'DONE', message: serializeMessage(stored) });
      await this.events.publish({
        type: 'message_sent',
        orgId: conversation.orgId,
        userId: conversation.userId,
        payload: { conversationId: conversation.id, personaId: conversation.personaId, messageId: stored.id, role: 'assistant', refused: Boolean(done.refused) },
      });
    } catch (err) {
      tokens.discard();
      const { code, message } = this.describe(err, abort.signal);
      if (code === 'INTERNAL_SERVER_ERROR') this.log.error({ err, conversationId: conversation.id }, 'reply failed');
      const mayEnd = ended || (await this.replies.claimEnd(conversation.id, replyId).catch(() => true));
      if (mayEnd) {
        await tokens.flush().catch(() => undefined); // sends already queued go before the ERROR
        await emit({ kind: 'ERROR', messageId: replyId, code, message }).catch((e) => this.log.error({ err: e }, 'could not publish reply error'));
      }
    } finally {
      clearTimeout(timer);
      watcher.stop();
      heartbeat.stop();
      await this.replies.release(conversation.id, replyId).catch((err) => this.log.error({ err }, 'could not release reply lock'));
    }
  }

  private describe(err: unknown, signal: AbortSignal): { code: string; message: string } {
    const reason = signal.reason;
    if (signal.aborted && reason instanceof ReplyStopped) {
      return reason.code === 'LOCK_LOST' ? { code: 'INTERRUPTED', message: INTERRUPTED_MESSAGE } : { code: reason.code, message: reason.message };
    }
    if (err instanceof AppError && err.code !== 'INTERNAL_SERVER_ERROR') return { code: err.code, message: err.message };
    return { code: 'INTERNAL_SERVER_ERROR', message: 'The answer could not be produced; please try again' };
  }

  /** Aborts the reply once no process has been subscribed to the stream for `abandonMs`. */
  private watchListeners(conversationId: string, abort: AbortController) {
    let silentSince: number | null = null;
    const interval = setInterval(async () => {
      try {
        if ((await this.replies.listeners(conversationId)) > 0) silentSince = null;
        else silentSince ??= Date.now();
        if (silentSince !== null && Date.now() - silentSince >= this.limits.abandonMs) {
          abort.abort(new ReplyStopped('CANCELLED', 'Nobody is listening; the answer was stopped'));
        }
      } catch {
        // Redis trouble: keep generating rather than guess
      }
    }, Math.min(1_000, this.limits.abandonMs));
    return { stop: () => clearInterval(interval) };
  }
}
