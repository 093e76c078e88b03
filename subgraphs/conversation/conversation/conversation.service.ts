import { keysetAfter, keysetOrder } from '../../../internal/graphql/connection.js';
import type { ConversationDb } from '../db.js';

export class ConversationService {
  constructor(private readonly db: ConversationDb) {}

  create(orgId: string, userId: string, personaId: string) {
    return this.db.conversation.create({ data: { orgId, userId, personaId } });
  }

  findByIds(ids: readonly string[]) {
    return this.db.conversation.findMany({ where: { id: { in: [...ids] } } });
  }

  /** The caller's own conversations, newest first; one extra row tells whether more follow. */
  listForUser(orgId: string, userId: string, size: number, after: string | null | undefined) {
    return this.db.conversation.findMany({
      where: { orgId, userId, ...keysetAfter(after, 'desc') },
      orderBy: keysetOrder('desc'),
      take: size + 1,
    });
  }

  /** Conversations per persona within one organization, in one grouped query. */
  async countByPersona(orgId: string, personaIds: readonly string[]) {
    const groups = await this.db.conversation.groupBy({
      by: ['personaId'],
      where: { orgId, personaId: { in: [...personaIds] } },
      _count: { _all: true },
    });
    return groups.map((g) => ({ key: g.personaId, count: g._count._all }));
  }
}
