import { createContextFactory } from '../../internal/graphql/context.js';
import { instanceContainer } from '../../internal/graphql/container.js';
import type { Logger } from '../../internal/logger.js';
import { PubSub } from '../../internal/pubsub.js';
import { createBillingQuota } from '../../internal/quota/billing-quota.js';
import { attachSubscriptions } from '../../internal/server/subscriptions.js';
import { createSubgraphServer, type SubgraphServer } from '../../internal/server/subgraph.js';
import { openSubgraphResources } from '../../internal/server/subgraph-resources.js';
import type { ConversationConfig } from './config.js';
import type { ConversationContext, ConversationLoaders } from './context.js';
import { createConversationLoaders } from './conversation/conversation.loader.js';
import { ConversationResolver } from './conversation/conversation.resolver.js';
import { ConversationService } from './conversation/conversation.service.js';
import { MessageSender } from './message/message-sender.js';
import { MessageResolver } from './message/message.resolver.js';
import { MessageService } from './message/message.service.js';
import { PersonaRefResolver } from './references/persona.resolver.js';
import { PersonaStreamClient } from './reply/persona-stream.client.js';
import { ReplyLock } from './reply/reply-lock.js';
import { ReplyLog } from './reply/reply-log.js';
import { ReplyRunner } from './reply/reply-runner.js';
import { buildSchema } from './schema.js';
import { MessageStreams } from './stream/message-streams.js';
import { StreamResolver } from './stream/stream.resolver.js';

export interface ConversationServer extends SubgraphServer {
  log: Logger;
}

/** Builds the conversation subgraph (nothing listens until `listen`). */
export async function createConversationServer(config: ConversationConfig): Promise<ConversationServer> {
  const resources = openSubgraphResources('conversation', config);
  const { log, metrics, prisma, events, verifier } = resources;
  const redis = resources.redis();
  const pubsub = new PubSub(config.REDIS_URL, config.REDIS_KEY_PREFIX, log);

  const conversations = new ConversationService(prisma);
  const messages = new MessageService(prisma);
  const lock = new ReplyLock(redis, config.REDIS_KEY_PREFIX, config.REPLY_LOCK_MS);
  const replies = new ReplyLog(redis, pubsub, lock, config.REDIS_KEY_PREFIX, config.REPLY_TIMEOUT_MS + 30_000);
  const streams = new MessageStreams(pubsub, replies);
  const runner = new ReplyRunner(
    new PersonaStreamClient(config.PERSONA_URL),
    messages,
    replies,
    events,
    { historyMessages: config.HISTORY_MESSAGES, timeoutMs: config.REPLY_TIMEOUT_MS, abandonMs: config.REPLY_ABANDON_MS, coalesceMs: config.TOKEN_COALESCE_MS },
    log,
  );
  const quota = createBillingQuota({ billingUrl: config.BILLING_URL });
  const sender = new MessageSender(messages, replies, runner, quota, events, config.MAX_MESSAGE_CHARS);

  const schema = await buildSchema(
    instanceContainer([
      new ConversationResolver(conversations, events, config.PERSONA_URL),
      new MessageResolver(messages, sender),
      new StreamResolver(),
      new PersonaRefResolver(),
    ]),
  );
  const baseContext = createContextFactory<ConversationLoaders>({
    verifier,
    log,
    createLoaders: (base) => createConversationLoaders(conversations, messages, base.claims?.org ?? null),
  });
  const context = async (request: Parameters<typeof baseContext>[0]): Promise<ConversationContext> => ({ ...(await baseContext(request)), streams });

  const server = await createSubgraphServer({
    name: 'conversation',
    log,
    metrics,
    schema,
    context,
    attach: (httpServer) => attachSubscriptions(httpServer, { schema, context, log }),
    readiness: resources.readiness,
    onClose: resources.closeAfter(async () => {
      await runner.drain();
      await pubsub.close();
    }),
  });
  return { ...server, log };
}
