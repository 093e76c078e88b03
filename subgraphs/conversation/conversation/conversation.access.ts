import type { Claims } from '../../../internal/auth/claims.js';
import { NotFound } from '../../../internal/errors.js';
import type { ConversationContext } from '../context.js';

/**
 * A conversation is private to the member who started it: anyone else —
 * another student, a teacher, another organization — is told it does not
 * exist, so ids cannot be probed.
 */
export async function ownConversation(ctx: ConversationContext, claims: Claims, id: string) {
  const conversation = await ctx.loaders.conversation.load(id);
  if (!conversation || conversation.orgId !== claims.org || conversation.userId !== claims.sub) throw NotFound('Conversation');
  return conversation;
}
