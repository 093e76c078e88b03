import type { ContainerType } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../../internal/graphql/federated-schema.js';
import { applyShield, isAuthenticated } from '../../internal/graphql/shield.js';
import { resolveConversationReference } from './conversation/conversation.reference.js';
import { ConversationResolver } from './conversation/conversation.resolver.js';
import { MessageResolver } from './message/message.resolver.js';
import { PersonaRefResolver, resolvePersonaReference } from './references/persona.resolver.js';
import { StreamResolver } from './stream/stream.resolver.js';

const rules = {
  Query: { conversation: isAuthenticated, conversations: isAuthenticated },
  Mutation: { startConversation: isAuthenticated, sendMessage: isAuthenticated, setTyping: isAuthenticated },
  Subscription: { messageStream: isAuthenticated },
};

/** The conversation subgraph schema; without a container it is only good for printing SDL. */
export async function buildSchema(container?: ContainerType): Promise<GraphQLSchema> {
  const schema = await buildFederatedSchema({
    resolvers: [ConversationResolver, MessageResolver, StreamResolver, PersonaRefResolver],
    container,
    references: {
      Conversation: { __resolveReference: resolveConversationReference },
      Persona: { __resolveReference: resolvePersonaReference },
    },
  });
  return applyShield(schema, rules);
}
