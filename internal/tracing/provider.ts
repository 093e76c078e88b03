import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { serviceEnv, type ConfigOf } from '../config/env.js';

/** The variables tracing reads (part of every process's serviceEnv). */
export const tracingEnv = {
  OTEL_EXPORTER_OTLP_ENDPOINT: serviceEnv.OTEL_EXPORTER_OTLP_ENDPOINT,
  OTEL_BSP_SCHEDULE_DELAY: serviceEnv.OTEL_BSP_SCHEDULE_DELAY,
};
export type TracingConfig = ConfigOf<typeof tracingEnv>;

export interface Tracing {
  /** exports what is buffered and stops; never rejects (the collector may be gone) */
  shutdown(): Promise<void>;
}

/** How long one export may take before it is abandoned (the spans are dropped, nothing waits on them). */
const EXPORT_TIMEOUT_MS = 5_000;

/**
 * Registers this process's tracer provider: service.name = the process
 * name, context carried by AsyncLocalStorage, W3C traceparent propagation.
 * Spans are exported over OTLP/HTTP (JSON) in batches when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise they are created (their ids
 * still propagate and reach the logs) and dropped at once. A collector that
 * is down only loses spans: exports run off the request path and their
 * errors stay inside the batch processor.
 */
export function startTracing(serviceName: string, config: TracingConfig, extraProcessors: SpanProcessor[] = []): Tracing {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  const processors = endpoint
    ? [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces`, timeoutMillis: EXPORT_TIMEOUT_MS }), {
          scheduledDelayMillis: config.OTEL_BSP_SCHEDULE_DELAY,
          exportTimeoutMillis: EXPORT_TIMEOUT_MS,
        }),
      ]
    : [];
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [...processors, ...extraProcessors],
  });
  provider.register({ contextManager: new AsyncLocalStorageContextManager(), propagator: new W3CTraceContextPropagator() });
  return {
    shutdown: () => provider.shutdown().catch(() => undefined),
  };
}
