import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Logger } from '../logger.js';
import { createRedis, type Redis } from '../redis.js';
import { addInSpan } from '../tracing/jobs.js';

/** Domain events every subgraph may publish; analytics stores them (payloads: docs/analytics.md). */
export const DOMAIN_EVENT_TYPES = [
  'user_registered',
  'login',
  'persona_created',
  'persona_deleted',
  'source_ready',
  'source_failed',
  'source_deleted',
  'conversation_started',
  'message_sent',
  'answer_refused',
  'plan_changed',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

export interface DomainEvent {
  /** unique per event: the consumer stores each id once */
  id: string;
  type: DomainEventType | `client:${string}`;
  orgId: string;
  userId: string | null;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** The BullMQ queue (under REDIS_KEY_PREFIX) that carries domain events to analytics. */
export const EVENTS_QUEUE = 'domain-events';

export interface EventPublisher {
  publish(event: Omit<DomainEvent, 'id' | 'occurredAt'> & Partial<Pick<DomainEvent, 'id' | 'occurredAt'>>): Promise<void>;
  close(): Promise<void>;
}

/**
 * Publishes events to the BullMQ events queue. The job id is the event id,
 * so a re-published event is not queued twice. A failure to publish is
 * logged, never thrown: analytics must not break a login or a message.
 */
export interface EventQueueConfig {
  redisUrl: string;
  /** REDIS_KEY_PREFIX: BullMQ's key prefix */
  prefix: string;
}

export function createEventPublisher(config: EventQueueConfig, log: Logger): EventPublisher {
  let connection: Redis | null = null;
  let queue: Queue | null = null;
  const getQueue = () => {
    connection ??= createRedis(config.redisUrl, { name: 'events-publisher', forQueues: true });
    queue ??= new Queue(EVENTS_QUEUE, {
      connection,
      prefix: config.prefix,
      defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 5000, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
    });
    return queue;
  };
  return {
    async publish(input) {
      const event: DomainEvent = { id: input.id ?? randomUUID(), occurredAt: input.occurredAt ?? new Date().toISOString(), ...input } as DomainEvent;
      try {
        // the job carries the trace context: the analytics worker's span continues this request's trace
        await addInSpan(EVENTS_QUEUE, event, (data) => getQueue().add(event.type, data, { jobId: event.id }));
      } catch (err) {
        log.error({ err, eventType: event.type }, 'failed to publish event');
      }
    },
    async close() {
      await queue?.close();
      connection?.disconnect();
    },
  };
}
