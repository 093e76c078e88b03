import { createEventPublisher } from '../../internal/events/events.js';
import { createJwksVerifier } from '../../internal/auth/verifier.js';
import { createContextFactory } from '../../internal/graphql/context.js';
import { instanceContainer } from '../../internal/graphql/container.js';
import { createLogger, type Logger } from '../../internal/logger.js';
import { createMetrics } from '../../internal/metrics.js';
import { createPrisma } from '../../internal/db/prisma.js';
import { createRedis } from '../../internal/redis.js';
import { createSubgraphServer, type SubgraphServer } from '../../internal/server/subgraph.js';
import { AnswerResolver } from './answer/answer.resolver.js';
import { AnswerRunner } from './answer/answer.runner.js';
import { AnswerService } from './answer/answer.service.js';
import { mountAnswerStream } from './answer/stream.route.js';
import type { PersonaConfig } from './config.js';
import type { PersonaLoaders } from './context.js';
import { LlmOrchestrator } from './llm/orchestrator.js';
import { configuredProviders } from './llm/providers.js';
import { KnowledgeRetriever } from './retrieval/knowledge.client.js';
import { UsageService } from './usage/usage.service.js';
import { createPersonaLoader } from './persona/persona.loader.js';
import { PersonaResolver } from './persona/persona.resolver.js';
import { PersonaService } from './persona/persona.service.js';
import { buildSchema } from './schema.js';

export interface PersonaServer extends SubgraphServer {
  log: Logger;
}

/** Builds the persona subgraph (nothing listens until `listen`). */
export async function createPersonaServer(config: PersonaConfig): Promise<PersonaServer> {
  const log = createLogger('persona', config.LOG_LEVEL);
  const metrics = createMetrics('persona');
  const prisma = createPrisma(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const redis = createRedis(config.REDIS_URL, { name: 'persona' });
  const events = createEventPublisher({ redisUrl: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX }, log);
  const verifier = createJwksVerifier(config.JWKS_URL);

  const personas = new PersonaService(prisma, events);
  const orchestrator = new LlmOrchestrator(
    configuredProviders(config),
    config.LLM_FALLBACK,
    { timeoutMs: config.LLM_TIMEOUT_MS, maxRetries: config.LLM_MAX_RETRIES, retryBaseMs: config.LLM_RETRY_BASE_MS },
    log,
  );
  const runner = new AnswerRunner(orchestrator, new UsageService(prisma), events, log);
  const answers = new AnswerService(personas, new KnowledgeRetriever(config.KNOWLEDGE_URL), runner, events, {
    topK: config.RAG_TOP_K,
    contextTokens: config.RAG_CONTEXT_TOKENS,
    minScore: config.RAG_MIN_SCORE,
    maxHistoryMessages: config.HISTORY_MAX_MESSAGES,
  });

  const schema = await buildSchema(instanceContainer([new PersonaResolver(personas), new AnswerResolver(answers)]));
  const context = createContextFactory<PersonaLoaders>({
    verifier,
    log,
    createLoaders: () => ({ persona: createPersonaLoader(personas) }),
  });

  const server = await createSubgraphServer({
    name: 'persona',
    log,
    metrics,
    schema,
    context,
    readiness: {
      database: () => prisma.$queryRaw`SELECT 1`,
      redis: () => redis.ping(),
    },
    routes: (app) => mountAnswerStream(app, { verifier, answers, runner, log }),
    onClose: async () => {
      await events.close();
      redis.disconnect();
      await prisma.$disconnect();
    },
  });
  return { ...server, log };
}
