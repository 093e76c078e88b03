import type { RequestContext } from '../../internal/graphql/context.js';
import type { createConversationLoaders } from './conversation/conversation.loader.js';
import type { MessageStreams } from './stream/message-streams.js';

export type ConversationLoaders = ReturnType<typeof createConversationLoaders>;

export type ConversationContext = RequestContext<ConversationLoaders> & {
  /** the process's stream hub: type-graphql's `subscribe` is static, so it reaches it through the context */
  streams: MessageStreams;
};
