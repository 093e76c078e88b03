import { Arg, Ctx, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { claimsOf } from '../../../internal/graphql/context.js';
import type { ConversationContext } from '../context.js';
import { ownConversation } from '../conversation/conversation.access.js';
import type { StreamEvent } from './stream-event.js';
import { MessageStreamEvent } from './stream.type.js';

const TYPENAME = { TYPING: 'TypingEvent', TOKEN: 'TokenEvent', CITATION: 'CitationEvent', DONE: 'MessageDoneEvent', ERROR: 'MessageErrorEvent' } as const;

/** Stream events as GraphQL objects of the MessageStreamEvent union. */
export function toGraphQL(event: StreamEvent) {
  const __typename = TYPENAME[event.kind];
  if (event.kind === 'DONE') return { __typename, message: { ...event.message, createdAt: new Date(event.message.createdAt) } };
  return { ...event, __typename };
}

@Resolver()
export class StreamResolver {
  @Subscription(() => MessageStreamEvent, {
    description: 'TYPING, then TOKEN deltas, CITATIONs and one DONE (or ERROR) per answer; joining mid-answer replays it so far',
    subscribe: async ({ args, context }) => {
      const ctx = context as ConversationContext;
      await ownConversation(ctx, claimsOf(ctx), args.conversationId as string);
      return ctx.streams.open(args.conversationId as string);
    },
  })
  messageStream(@Root() event: StreamEvent, @Arg('conversationId', () => ID) _conversationId: string) {
    return toGraphQL(event);
  }

  @Mutation(() => Boolean, { nullable: true, description: 'Tells the other tabs of this conversation that you are typing' })
  async setTyping(
    @Arg('conversationId', () => ID) conversationId: string,
    @Arg('typing', () => Boolean) typing: boolean,
    @Ctx() ctx: ConversationContext,
  ) {
    const claims = claimsOf(ctx);
    await ownConversation(ctx, claims, conversationId);
    await ctx.streams.publish(conversationId, { kind: 'TYPING', userId: claims.sub, typing });
    return true;
  }
}
