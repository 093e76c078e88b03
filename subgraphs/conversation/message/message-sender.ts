import { randomUUID } from 'node:crypto';
import type { Claims } from '../../../internal/auth/claims.js';
import { BadInput, PayloadTooLarge } from '../../../internal/errors.js';
import type { EventPublisher } from '../../../internal/events/events.js';
import type { QuotaPort } from '../../../internal/quota/quota.js';
import type { ReplyLog } from '../reply/reply-log.js';
import type { ReplyRunner } from '../reply/reply-runner.js';
import type { MessageService } from './message.service.js';

type ConversationRow = { id: string; orgId: string; userId: string; personaId: string };

/**
 * sendMessage: one reply streams at a time per conversation (a second
 * message meanwhile is refused with REPLY_IN_PROGRESS — the client waits for
 * DONE/ERROR); the org's monthly message quota is reserved before anything
 * is stored and given back if storing fails; the user's message is stored
 * and returned at once while the answer streams in the background.
 */
export class MessageSender {
  constructor(
    private readonly messages: MessageService,
    private readonly replies: ReplyLog,
    private readonly runner: ReplyRunner,
    private readonly quota: QuotaPort,
    private readonly events: EventPublisher,
    private readonly maxChars: number,
  ) {}

  async send(claims: Claims, token: string | null, conversation: ConversationRow, rawText: string) {
    const text = rawText.trim();
    if (!text) throw BadInput('Message must not be empty', { field: 'text' });
    if (text.length > this.maxChars) {
      throw PayloadTooLarge(`Message is longer than ${this.maxChars} characters`, { field: 'text', maxLength: this.maxChars });
    }
    const replyId = randomUUID();
    if (!(await this.replies.tryLock(conversation.id, replyId))) {
      throw BadInput('The previous answer is still being written; send again when it is done', { reason: 'REPLY_IN_PROGRESS' });
    }
    let stored;
    try {
      const reservation = await this.quota.reserve({ orgId: claims.org, metric: 'messages', amount: 1, token });
      try {
        stored = await this.messages.addUserMessage(conversation.id, text);
      } catch (err) {
        await reservation.release();
        throw err;
      }
    } catch (err) {
      await this.replies.release(conversation.id, replyId);
      throw err;
    }
    await this.events.publish({
      type: 'message_sent',
      orgId: conversation.orgId,
      userId: claims.sub,
      payload: { conversationId: conversation.id, personaId: conversation.personaId, messageId: stored.id, role: 'user' },
    });
    this.runner.start({ replyId, conversation, question: { text, createdAt: stored.createdAt }, token });
    return stored;
  }
}
