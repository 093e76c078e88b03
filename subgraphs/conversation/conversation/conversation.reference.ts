import type { ConversationContext } from '../context.js';

/** Conversation references resolve only for their owner. */
export async function resolveConversationReference(ref: { id: string }, ctx: ConversationContext) {
  if (!ctx.claims) return null;
  const conversation = await ctx.loaders.conversation.load(ref.id);
  return conversation && conversation.userId === ctx.claims.sub && conversation.orgId === ctx.claims.org ? conversation : null;
}
