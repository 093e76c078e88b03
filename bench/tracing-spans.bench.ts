import { startTracing } from '../internal/tracing/provider.js';
import { contextFrom, currentTraceCarrier, inSpan, SpanKind } from '../internal/tracing/span.js';

/**
 * CPU cost of tracing per request in one process, without the noise of a
 * shared machine's HTTP stack: a SERVER span continuing an incoming
 * traceparent, a CLIENT span inside it and the traceparent injected for the
 * next hop. Modes: `none` (no provider: the OpenTelemetry API's no-op),
 * `noexport` (provider, no endpoint: the default), `export` (batching to an
 * OTLP endpoint that refuses connections).
 * Usage: node dist/bench/tracing-spans.bench.js none|noexport|export
 */
const TRACEPARENT = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };

async function microsPerRequest(requests: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < requests; i++) {
    await inSpan('server', { kind: SpanKind.SERVER, parent: contextFrom(TRACEPARENT) }, () =>
      inSpan('client', { kind: SpanKind.CLIENT }, async () => currentTraceCarrier()),
    );
  }
  return Number(process.hrtime.bigint() - started) / 1000 / requests;
}

async function main() {
  const mode = process.argv[2] ?? 'noexport';
  const tracing =
    mode === 'none'
      ? null
      : startTracing('bench', { OTEL_EXPORTER_OTLP_ENDPOINT: mode === 'export' ? 'http://127.0.0.1:1' : undefined, OTEL_BSP_SCHEDULE_DELAY: 1000 });
  await microsPerRequest(20_000); // warm-up
  const micros = await microsPerRequest(100_000);
  console.log(JSON.stringify({ mode, microsPerRequest: Number(micros.toFixed(2)) }));
  await tracing?.shutdown();
}

void main();
