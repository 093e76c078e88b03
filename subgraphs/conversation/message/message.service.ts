import type { Prisma } from '../../../internal/db/prisma.js';
import { keysetAfter, keysetOrder } from '../../../internal/graphql/connection.js';
import type { ConversationDb } from '../db.js';

export interface AssistantReply {
  id: string;
  text: string;
  animationHint: string | null;
  citations: unknown[];
  actions: unknown[];
  tokenCount: number | null;
}

export interface HistoryTurn {
  role: 'user' | 'assistant';
  text: string;
}

export class MessageService {
  constructor(private readonly db: ConversationDb) {}

  findByIds(ids: readonly string[]) {
    return this.db.message.findMany({ where: { id: { in: [...ids] } } });
  }

  /** Messages in reading order; one extra row tells whether more follow. */
  list(conversationId: string, size: number, after: string | null | undefined) {
    return this.db.message.findMany({
      where: { conversationId, ...keysetAfter(after) },
      orderBy: keysetOrder(),
      take: size + 1,
    });
  }

  /** The last `limit` messages before `beforeId`'s turn, oldest first: the history the persona sees. */
  async history(conversationId: string, before: Date, limit: number): Promise<HistoryTurn[]> {
    const rows = await this.db.message.findMany({
      where: { conversationId, createdAt: { lt: before } },
      orderBy: keysetOrder('desc'),
      take: limit,
      select: { role: true, text: true },
    });
    return rows.reverse().map((r) => ({ role: r.role === 'USER' ? 'user' : 'assistant', text: r.text }));
  }

  addUserMessage(conversationId: string, text: string) {
    return this.append(conversationId, { role: 'USER', text });
  }

  addAssistantMessage(conversationId: string, reply: AssistantReply) {
    return this.append(conversationId, {
      id: reply.id,
      role: 'ASSISTANT',
      text: reply.text,
      animationHint: reply.animationHint,
      citations: reply.citations as Prisma.InputJsonValue,
      actions: reply.actions as Prisma.InputJsonValue,
      tokenCount: reply.tokenCount,
    });
  }

  /** The message and the conversation's counters change together or not at all. */
  private append(conversationId: string, data: Omit<Prisma.MessageUncheckedCreateInput, 'conversationId'>) {
    return this.db.$transaction(async (tx) => {
      const message = await tx.message.create({ data: { ...data, conversationId } });
      await tx.conversation.update({
        where: { id: conversationId },
        data: { messageCount: { increment: 1 }, lastMessageAt: message.createdAt },
      });
      return message;
    });
  }
}
