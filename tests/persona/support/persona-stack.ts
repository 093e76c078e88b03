import type http from 'node:http';
import { Queue } from 'bullmq';
import pg from 'pg';
import { EVENTS_QUEUE } from '../../../internal/events/events.js';
import { createRedis } from '../../../internal/redis.js';
import { Stack, type StackOptions } from '../../support/stack.js';
import { testRun } from '../../support/test-env.js';
import { startLocalServer, type LocalServer, type RecordedRequest } from '../../support/http-server.js';
import { startKnowledgeStandIn } from '../../support/knowledge-stand-in.js';

export type OpenAiHandler = (req: RecordedRequest, res: http.ServerResponse) => void | Promise<void>;

/**
 * identity + persona + gateway, with persona's outside world on local
 * servers: the knowledge stand-in (knowledge is not merged yet) and a server
 * speaking OpenAI's wire format whose answers each test sets. Also the run's
 * database and the stack's domain-events queue, to check what was written.
 * `more` adds subgraphs (e.g. conversation, whose answers come from persona) or gateway settings.
 */
export async function startPersonaStack(env: Record<string, string> = {}, more: Pick<StackOptions, 'subgraphs' | 'gatewayEnv'> = {}) {
  const knowledge = await startKnowledgeStandIn();
  const holder: { openaiHandler: OpenAiHandler } = { openaiHandler: (_req, res) => void res.writeHead(500).end() };
  const openai: LocalServer = await startLocalServer((req, res) => holder.openaiHandler(req, res));
  const stack = await Stack.start({
    subgraphs: ['identity', 'persona', ...(more.subgraphs ?? [])],
    workers: [],
    gatewayEnv: more.gatewayEnv,
    env: { KNOWLEDGE_URL: knowledge.url, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${openai.url}/v1`, LLM_RETRY_BASE_MS: '10', ...env },
  });
  const db = new pg.Client({ connectionString: testRun().databaseUrl });
  await db.connect();
  const redis = createRedis(testRun().redisUrl, { forQueues: true });
  const events = new Queue(EVENTS_QUEUE, { connection: redis, prefix: stack.env.REDIS_KEY_PREFIX });
  return Object.assign(holder, {
    stack,
    knowledge,
    openai,
    db,
    events,
    /** published domain events of one type, newest last */
    async published(type: string) {
      const jobs = await events.getJobs(['waiting', 'delayed', 'active', 'completed']);
      return jobs.filter((job) => job.data.type === type).sort((a, b) => a.timestamp - b.timestamp);
    },
    async stop() {
      await events.close();
      redis.disconnect();
      await db.end();
      await stack.stop();
      await openai.close();
      await knowledge.close();
    },
  });
}
export type PersonaStack = Awaited<ReturnType<typeof startPersonaStack>>;
