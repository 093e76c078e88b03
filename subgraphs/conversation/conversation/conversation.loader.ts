import { loaderById, loaderCount } from '../../../internal/graphql/loaders.js';
import type { MessageService } from '../message/message.service.js';
import type { ConversationService } from './conversation.service.js';

/** Per-request loaders; the org scopes the persona counts. */
export function createConversationLoaders(conversations: ConversationService, messages: MessageService, orgId: string | null) {
  return {
    conversation: loaderById((ids) => conversations.findByIds(ids)),
    conversationCountByPersona: loaderCount((personaIds) => (orgId ? conversations.countByPersona(orgId, personaIds) : Promise.resolve([]))),
    message: loaderById((ids) => messages.findByIds(ids)),
  };
}
