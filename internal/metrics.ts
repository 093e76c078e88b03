import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Request, Response } from 'express';

const EVENT_LOOP_SAMPLE_MS = 100;

/** One Prometheus registry per process, with the default Node metrics. */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  // The event-loop lag monitor is a timer: at prom-client's default 10 ms every
  // process woke 100 times a second doing nothing (~15 ms of CPU a second each
  // when idle, and the other processes' wake-ups added ~6–10 ms to searchKnowledge's
  // p99 on the 2-core machine). At 100 ms the lag histogram still records any stall
  // that spans a tick.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const graphqlOperations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by type and outcome',
    labelNames: ['type', 'outcome'],
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    graphqlOperations,
    async handler(_req: Request, res: Response) {
      res.setHeader('content-type', registry.contentType);
      res.end(await registry.metrics());
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
