import { createContextFactory } from '../../internal/graphql/context.js';
import { instanceContainer } from '../../internal/graphql/container.js';
import type { Logger } from '../../internal/logger.js';
import { createSubgraphServer, type SubgraphServer } from '../../internal/server/subgraph.js';
import { openSubgraphResources } from '../../internal/server/subgraph-resources.js';
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
  const resources = openSubgraphResources('persona', config);
  const { log, metrics, prisma, events, verifier } = resources;

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
    readiness: resources.readiness,
    routes: (app) => mountAnswerStream(app, { verifier, answers, runner, log }),
    onClose: resources.closeAfter(),
  });
  return { ...server, log };
}
