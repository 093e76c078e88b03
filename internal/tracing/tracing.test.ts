import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createLogger } from '../logger.js';
import { addInSpan, processInSpan, TRACE_CONTEXT_KEY } from './jobs.js';
import { startTracing, type Tracing } from './provider.js';
import { contextFrom, inSpan, SpanKind } from './span.js';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
beforeAll(() => {
  // no OTLP endpoint: only the in-memory processor sees the spans
  tracing = startTracing('tracing-test', { OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OTEL_BSP_SCHEDULE_DELAY: 100 }, [new SimpleSpanProcessor(exporter)]);
});
afterAll(() => tracing.shutdown());
beforeEach(() => exporter.reset());

test('a job queued inside a request span is processed in a child span of its publish span, across serialization', async () => {
  let jobData: unknown;
  await inSpan('POST /graphql', { kind: SpanKind.SERVER }, () =>
    addInSpan('test-queue', { id: 'e1' }, async (data) => {
      jobData = JSON.parse(JSON.stringify(data)); // as BullMQ stores it
    }),
  );
  expect((jobData as Record<string, Record<string, string>>)[TRACE_CONTEXT_KEY]!.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  await processInSpan({ id: 'e1', name: 'user_registered', queueName: 'test-queue', data: jobData }, async () => undefined);

  const [publish, request, job] = ['publish test-queue', 'POST /graphql', 'process test-queue'].map((name) => exporter.getFinishedSpans().find((s) => s.name === name)!);
  expect(publish!.parentSpanContext?.spanId).toBe(request!.spanContext().spanId);
  expect(job!.parentSpanContext?.spanId).toBe(publish!.spanContext().spanId);
  expect(new Set([request, publish, job].map((s) => s!.spanContext().traceId)).size).toBe(1);
  expect(job!.resource.attributes['service.name']).toBe('tracing-test');
});

test('a job without trace context, or with a garbled one, gets a root span and still runs', async () => {
  for (const data of [{ id: 'x' }, { [TRACE_CONTEXT_KEY]: { traceparent: 'garbage' } }, null]) {
    await expect(processInSpan({ name: 'n', queueName: 'q', data }, async () => 'done')).resolves.toBe('done');
  }
  expect(exporter.getFinishedSpans().map((s) => s.parentSpanContext)).toEqual([undefined, undefined, undefined]);
});

test('a failing piece of work marks its span as an error and still throws', async () => {
  await expect(inSpan('work', { kind: SpanKind.INTERNAL }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  const [span] = exporter.getFinishedSpans();
  expect(span!.status).toMatchObject({ code: 2, message: 'boom' });
  expect(span!.events.map((e) => e.name)).toEqual(['exception']);
});

test('log lines written inside a span carry its trace_id and span_id; lines outside carry none', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const log = createLogger('tracing-test', 'info', sink);
  let ids: { traceId: string; spanId: string } | undefined;
  await inSpan('logging', { kind: SpanKind.INTERNAL }, async (span) => {
    ids = span.spanContext();
    log.info('inside');
  });
  log.info('outside');
  expect(lines[0]).toMatchObject({ msg: 'inside', trace_id: ids!.traceId, span_id: ids!.spanId });
  expect(lines[1]).not.toHaveProperty('trace_id');
});

test('a traceparent from outside is continued, and an invalid one is ignored', () => {
  const valid = contextFrom({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
  expect(trace.getSpanContext(valid)?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  expect(trace.getSpanContext(contextFrom({ traceparent: '00-zz-01' }))).toBeUndefined();
  expect(trace.getSpanContext(contextFrom('not an object'))).toBeUndefined();
});
