import { randomBytes } from 'node:crypto';
import { REGISTER, STRONG_PASSWORD, uniqueEmail } from '../support/client.js';
import { OtlpCollector, type CollectedSpan } from '../support/otlp-collector.js';
import { Stack } from '../support/stack.js';
import { until } from '../support/ws.js';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

let collector: OtlpCollector;
let stack: Stack;

beforeAll(async () => {
  collector = await OtlpCollector.start();
  stack = await Stack.start({
    subgraphs: ['identity'],
    workers: ['analytics-worker'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' },
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await collector?.close();
});

/** A register through the gateway, as part of the caller's trace `traceId`. */
function register(traceparent: string) {
  const input = { name: 'Tracy Trace', email: uniqueEmail('trace'), password: STRONG_PASSWORD, orgName: `Traced ${randomBytes(3).toString('hex')}` };
  return stack.client().request(REGISTER, { input }, { traceparent });
}

const one = (spans: CollectedSpan[], what: string, match: (s: CollectedSpan) => boolean) => {
  const found = spans.filter(match);
  if (found.length !== 1) throw new Error(`expected one ${what}, found ${found.length}: ${JSON.stringify(spans.map((s) => [s.service, s.name, s.kind]))}`);
  return found[0]!;
};

/** Span ids from `span`'s parent up to the root of what was collected. */
function ancestorsOf(span: CollectedSpan, spans: CollectedSpan[]): string[] {
  const ids: string[] = [];
  for (let parent = spans.find((s) => s.spanId === span.parentSpanId); parent; parent = spans.find((s) => s.spanId === parent!.parentSpanId)) {
    ids.push(parent.spanId);
  }
  return ids;
}

test('a register through the gateway is one trace: gateway → identity → user_registered job → analytics worker', async () => {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  const res = await register(`00-${traceId}-${callerSpanId}-01`);
  expect(res.errors).toBeUndefined();

  await until('the worker span of the event job', () => collector.trace(traceId).some((s) => s.service === 'analytics-worker'), 20_000);
  const spans = collector.trace(traceId);

  const gateway = one(spans, 'gateway request span', (s) => s.service === 'gateway' && s.kind === SERVER);
  expect(gateway.parentSpanId).toBe(callerSpanId);
  expect(gateway.name).toBe('mutation Register');
  const fetch = one(spans, 'gateway fetch to identity', (s) => s.service === 'gateway' && s.kind === CLIENT && s.name === 'subgraph identity');
  // @apollo/gateway's own spans (plan, execute, fetch) sit in between
  expect(ancestorsOf(fetch, spans)).toContain(gateway.spanId);

  const identity = one(spans, 'identity request span', (s) => s.service === 'identity' && s.kind === SERVER);
  expect(identity.parentSpanId).toBe(fetch.spanId);
  const publish = one(spans, 'identity publish span', (s) => s.service === 'identity' && s.kind === PRODUCER);
  expect(publish).toMatchObject({ name: 'publish domain-events', parentSpanId: identity.spanId });

  const job = one(spans, 'analytics worker job span', (s) => s.service === 'analytics-worker' && s.kind === CONSUMER);
  expect(job).toMatchObject({ name: 'process domain-events', parentSpanId: publish.spanId });
  expect(job.attributes['bullmq.job.name']).toBe('user_registered');
  expect(spans.filter((s) => s.service === 'gateway').map((s) => s.name)).toEqual(expect.arrayContaining(['gateway.plan', 'gateway.execute']));
});

test('a malformed traceparent starts a new trace instead of failing the request', async () => {
  const before = new Set(collector.spans.map((s) => s.traceId));
  const res = await register('00-not-a-trace-01');
  expect(res.errors).toBeUndefined();
  await until('a new gateway trace', () => collector.spans.some((s) => s.service === 'gateway' && s.kind === SERVER && !before.has(s.traceId)), 20_000);
  const fresh = collector.spans.find((s) => s.service === 'gateway' && s.kind === SERVER && !before.has(s.traceId))!;
  expect(fresh.parentSpanId).toBe('');
});

test('with the collector gone, requests and events still go through', async () => {
  await collector.close();
  const traceId = randomBytes(16).toString('hex');
  const res = await register(`00-${traceId}-${randomBytes(8).toString('hex')}-01`);
  expect(res.errors).toBeUndefined();
  expect(res.data.register.user.id).toBeDefined();
  // and the gateway still answers the next one after its exporter failed
  const again = await register(`00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`);
  expect(again.errors).toBeUndefined();
});
