import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { requestScope } from '../request-scope.js';

/** One tracer for all of Bwenge's own spans (the provider names the service). */
export const tracer = () => trace.getTracer('bwenge');

/** W3C trace context as plain string fields (traceparent, tracestate): headers, job data. */
export type TraceCarrier = Record<string, string>;

/** The active context as a carrier, for a request or a job to continue it. */
export function currentTraceCarrier(active: Context = context.active()): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(active, carrier);
  return carrier;
}

/** The context a carrier describes (the root context when it holds none or is malformed). */
export function contextFrom(carrier: unknown): Context {
  if (!carrier || typeof carrier !== 'object') return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier as Record<string, unknown>);
}

export interface SpanOptions {
  kind: SpanKind;
  attributes?: Attributes;
  /** the parent; default: the active context */
  parent?: Context;
}

/** Runs `work` inside a new span, ending it with an error status if `work` throws (and rethrowing). */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
    throw err;
  } finally {
    span.end();
  }
}

/** trace_id / span_id of the active span, for log lines ({} outside a span). */
export function traceIdsForLog(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

export { SpanKind };

/** Headers a service-to-service call carries: the request id (one id across every log) and the trace context. */
export function outgoingHeaders(): Record<string, string> {
  return { 'x-request-id': requestScope.current()?.requestId ?? '', ...currentTraceCarrier() };
}
