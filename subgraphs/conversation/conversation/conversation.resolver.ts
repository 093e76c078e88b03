import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { NotFound } from '../../../internal/errors.js';
import { claimsOf } from '../../../internal/graphql/context.js';
import { ConnectionType, PageArgs, pageSize, toConnection } from '../../../internal/graphql/connection.js';
import { callSubgraph } from '../../../internal/subgraph-client.js';
import type { EventPublisher } from '../../../internal/events/events.js';
import type { ConversationContext } from '../context.js';
import { PersonaRef } from '../references/persona.ref.js';
import { UserRef } from '../references/user.ref.js';
import type { ConversationService } from './conversation.service.js';
import { ownConversation } from './conversation.access.js';
import { Conversation } from './conversation.type.js';

export const ConversationConnection = ConnectionType('Conversation', Conversation);

const PERSONA_EXISTS = 'query PersonaForConversation($id: ID!) { persona(id: $id) { id } }';

@Resolver(() => Conversation)
export class ConversationResolver {
  constructor(
    private readonly store: ConversationService,
    private readonly events: EventPublisher,
    private readonly personaUrl: string,
  ) {}

  @Mutation(() => Conversation, { nullable: true })
  async startConversation(@Arg('personaId', () => ID) personaId: string, @Ctx() ctx: ConversationContext) {
    const claims = claimsOf(ctx);
    // the persona subgraph answers only for personas of the caller's organization
    const { persona } = await callSubgraph<{ persona: { id: string } | null }>(this.personaUrl, PERSONA_EXISTS, { id: personaId }, { token: ctx.token });
    if (!persona) throw NotFound('Persona');
    const conversation = await this.store.create(claims.org, claims.sub, personaId);
    await this.events.publish({ type: 'conversation_started', orgId: claims.org, userId: claims.sub, payload: { conversationId: conversation.id, personaId } });
    return conversation;
  }

  @Query(() => Conversation, { nullable: true, description: 'One of your conversations' })
  conversation(@Arg('id', () => ID) id: string, @Ctx() ctx: ConversationContext) {
    return ownConversation(ctx, claimsOf(ctx), id);
  }

  @Query(() => ConversationConnection, { nullable: true, description: 'Your conversations, most recently started first' })
  async conversations(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() ctx: ConversationContext) {
    const claims = claimsOf(ctx);
    const size = pageSize(first);
    const rows = await this.store.listForUser(claims.org, claims.sub, size, after);
    for (const row of rows) ctx.loaders.conversation.prime(row.id, row);
    return toConnection(rows, size);
  }

  @FieldResolver(() => PersonaRef)
  persona(@Root() conversation: Conversation): PersonaRef {
    return { id: conversation.personaId };
  }

  @FieldResolver(() => UserRef)
  user(@Root() conversation: Conversation): UserRef {
    return { id: conversation.userId };
  }
}
