import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Counter, type Registry } from 'prom-client';
import { EVENTS_QUEUE } from '../../internal/events/events.js';
import type { Logger } from '../../internal/logger.js';
import type { Redis } from '../../internal/redis.js';
import { processInSpan } from '../../internal/tracing/jobs.js';
import { InvalidEvent, toEventRow } from '../../subgraphs/analytics/event/event-row.js';
import type { EventService } from '../../subgraphs/analytics/event/event.service.js';
import { EventBatcher } from './event-batcher.js';

export interface EventsConsumerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  events: EventService;
  log: Logger;
  registry: Registry;
}

/**
 * The one consumer of `domain-events`. The jobs in hand (up to
 * `concurrency`) are stored with one INSERT (EventBatcher). A malformed envelope fails at once
 * (retrying cannot fix it) and stays visible among the queue's failed jobs;
 * a database error is retried with the publisher's backoff.
 */
export function createEventsConsumer(options: EventsConsumerOptions): Worker {
  const batcher = new EventBatcher({ store: (rows) => options.events.recordMany(rows), maxBatch: options.concurrency, maxWaitMs: 5 });
  const outcomes = new Counter({
    name: 'analytics_events_total',
    help: 'Domain events consumed, by outcome (stored, duplicate, invalid)',
    labelNames: ['outcome'],
    registers: [options.registry],
  });
  const storeEvent = async (job: Job) => {
    let row;
    try {
      row = toEventRow(job.data);
    } catch (err) {
      if (!(err instanceof InvalidEvent)) throw err;
      outcomes.inc({ outcome: 'invalid' });
      options.log.warn({ jobId: job.id, reason: err.message }, 'invalid domain event refused');
      throw new UnrecoverableError(`invalid event: ${err.message}`);
    }
    const outcome = await batcher.add(row);
    outcomes.inc({ outcome });
    return outcome;
  };
  // each job continues the trace of the request that published its event
  const worker = new Worker(EVENTS_QUEUE, (job) => processInSpan(job, () => storeEvent(job)), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
  });
  worker.on('failed', (job, err) => {
    if (!(err instanceof UnrecoverableError)) options.log.error({ jobId: job?.id, err, attemptsMade: job?.attemptsMade }, 'storing a domain event failed');
  });
  worker.on('error', (err) => options.log.error({ err }, 'events consumer error'));
  return worker;
}
