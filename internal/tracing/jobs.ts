import { SpanKind } from '@opentelemetry/api';
import { contextFrom, currentTraceCarrier, inSpan, type TraceCarrier } from './span.js';

/** Where a job's data carries the trace context of whoever queued it. */
export const TRACE_CONTEXT_KEY = 'traceContext';

export type WithTraceContext<T> = T & { [TRACE_CONTEXT_KEY]?: TraceCarrier };

/**
 * Queues a job inside a PRODUCER span: `add` receives the job data with the
 * span's context in it, so the worker's span continues this trace.
 */
export function addInSpan<T extends object, R>(queue: string, data: T, add: (data: WithTraceContext<T>) => Promise<R>): Promise<R> {
  return inSpan(`publish ${queue}`, { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'bullmq', 'messaging.destination.name': queue } }, () =>
    add({ ...data, [TRACE_CONTEXT_KEY]: currentTraceCarrier() }),
  );
}

export interface TracedJob {
  id?: string;
  name: string;
  queueName: string;
  data: unknown;
}

/** Runs a job's processor in a CONSUMER span, a child of the span that queued it (if its data says which). */
export function processInSpan<R>(job: TracedJob, work: () => Promise<R>): Promise<R> {
  const carrier = job.data && typeof job.data === 'object' ? (job.data as Record<string, unknown>)[TRACE_CONTEXT_KEY] : undefined;
  return inSpan(
    `process ${job.queueName}`,
    {
      kind: SpanKind.CONSUMER,
      parent: contextFrom(carrier),
      attributes: { 'messaging.system': 'bullmq', 'messaging.destination.name': job.queueName, 'messaging.message.id': job.id ?? '', 'bullmq.job.name': job.name },
    },
    () => work(),
  );
}
