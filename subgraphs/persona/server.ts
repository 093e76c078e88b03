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
import { AnswerService } from './answer/answer.service.js';
import type { PersonaConfig } from './config.js';
import type { PersonaLoaders } from './context.js';
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
  const answers = new AnswerService(personas);

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
    onClose: async () => {
      await events.close();
      redis.disconnect();
      await prisma.$disconnect();
    },
  });
  return { ...server, log };
}
