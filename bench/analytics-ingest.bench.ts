import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import pg from 'pg';
import { EVENTS_QUEUE, type DomainEvent } from '../internal/events/events.js';
import { createRedis } from '../internal/redis.js';
import { registerAdmin } from '../tests/support/client.js';
import { Stack } from '../tests/support/stack.js';
import { testRun } from '../tests/support/test-env.js';
import { withBenchEnvironment } from './harness.js';

/**
 * Events/s stored by the analytics worker from the real `domain-events`
 * queue: the queue is filled while the worker is stopped, then the worker
 * starts and drains it. The steady rate comes from the rows' received_at.
 * Usage: npm run bench:analytics-ingest [-- events concurrency]
 */
async function main() {
  const count = Number(process.argv[2] ?? 50_000);
  const concurrency = process.argv[3] ?? '64';
  await withBenchEnvironment(async () => {
    const stack = await Stack.start({ subgraphs: ['identity'], workers: ['analytics-worker'], env: { ANALYTICS_EVENTS_CONCURRENCY: concurrency, DATABASE_POOL_SIZE: '10' } });
    const db = new pg.Client({ connectionString: testRun().databaseUrl });
    await db.connect();
    const connection = createRedis(stack.env.REDIS_URL!, { forQueues: true });
    const queue = new Queue(EVENTS_QUEUE, { connection, prefix: stack.env.REDIS_KEY_PREFIX });
    try {
      const admin = await registerAdmin(stack.client());
      await stack.kill('analytics-worker', 'SIGTERM');
      const before = (await db.query('SELECT count(*)::int AS n FROM analytics_events')).rows[0].n as number;
      for (let start = 0; start < count; start += 1000) {
        const batch = Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
          const event: DomainEvent = {
            id: randomUUID(),
            type: 'message_sent',
            orgId: admin.orgId,
            userId: admin.userId,
            occurredAt: new Date().toISOString(),
            payload: { conversationId: `conv-${(start + i) % 500}`, personaId: `persona-${(start + i) % 7}`, role: 'user' },
          };
          return { name: event.type, data: event, opts: { jobId: event.id, removeOnComplete: 1000 } };
        });
        await queue.addBulk(batch);
      }
      const t0 = performance.now();
      await stack.restart('analytics-worker');
      for (;;) {
        const n = (await db.query('SELECT count(*)::int AS n FROM analytics_events')).rows[0].n as number;
        if (n - before >= count) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const wallMs = Math.round(performance.now() - t0);
      const { rows } = await db.query(
        `SELECT extract(epoch FROM max(received_at) - min(received_at)) * 1000 AS ms FROM analytics_events WHERE type = 'message_sent'`,
      );
      const steadyMs = Number(rows[0].ms);
      console.log(
        JSON.stringify(
          {
            events: count,
            concurrency: Number(concurrency),
            wallMsIncludingWorkerStart: wallMs,
            eventsPerSecondIncludingStart: Math.round((count / wallMs) * 1000),
            eventsPerSecondSteady: Math.round((count / steadyMs) * 1000),
          },
          null,
          2,
        ),
      );
    } finally {
      await queue.close();
      connection.disconnect();
      await db.end();
      await stack.stop();
    }
  });
}

void main();
