import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { claimsOf } from '../../../internal/graphql/context.js';
import { ConnectionType, PageArgs, pageSize, toConnection } from '../../../internal/graphql/connection.js';
import type { ConversationContext } from '../context.js';
import { ownConversation } from '../conversation/conversation.access.js';
import { Conversation } from '../conversation/conversation.type.js';
import type { MessageSender } from './message-sender.js';
import type { MessageService } from './message.service.js';
import { Message } from './message.type.js';

export const MessageConnection = ConnectionType('Message', Message);

@Resolver(() => Conversation)
export class MessageResolver {
  constructor(
    private readonly store: MessageService,
    private readonly sender: MessageSender,
  ) {}

  @FieldResolver(() => MessageConnection, { description: 'Messages in the order they were written' })
  async messages(@Root() conversation: Conversation, @Args(() => PageArgs) { first, after }: PageArgs) {
    const size = pageSize(first);
    return toConnection(await this.store.list(conversation.id, size, after), size);
  }

  @Mutation(() => Message, { nullable: true, description: "Stores your message and starts the persona's answer on messageStream" })
  async sendMessage(
    @Arg('conversationId', () => ID) conversationId: string,
    @Arg('text', () => String) text: string,
    @Ctx() ctx: ConversationContext,
  ) {
    const claims = claimsOf(ctx);
    const conversation = await ownConversation(ctx, claims, conversationId);
    return this.sender.send(claims, ctx.token, conversation, text);
  }
}
