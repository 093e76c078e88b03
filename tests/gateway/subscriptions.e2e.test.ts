import { randomUUID } from 'node:crypto';
import { registerAdmin, type Session } from '../support/client.js';
import { PROBE_STATS, PUBLISH_PROBE, startProbeStack, TICKS, TOPIC_EVENTS } from '../support/probe.js';
import type { Stack } from '../support/stack.js';
import { bearer, Connections, Recorder, until } from '../support/ws.js';

let stack: Stack;
let admin: Session;
const sockets = new Connections(() => stack.gatewayUrl);

beforeAll(async () => {
  stack = await startProbeStack();
  admin = await registerAdmin(stack.client());
}, 60_000);
// every test starts with no ticks running at the subgraph: closing a client ends all its upstream subscriptions
afterEach(async () => {
  await sockets.closeAll();
  await until('no ticks left at the subgraph', async () => (await stats()).activeTicks === 0);
});
afterAll(() => stack?.stop());

const connect = (token: string) => sockets.connect(bearer(token));

const stats = async (topic?: string) => (await admin.client.ok(PROBE_STATS, { topic })).probeStats as { activeTicks: number; topicListeners: number };
const listeners = async (topic: string) => (await stats(topic)).topicListeners;

test('events arrive in order through the gateway, resolved for the subscriber', async () => {
  const ticks = new Recorder(connect(admin.token).client, TICKS, { count: 5, intervalMs: 10 });
  await until('5 ticks and the end', () => ticks.ended);
  expect(ticks.error).toBeUndefined();
  expect(ticks.data).toEqual([1, 2, 3, 4, 5].map((n) => ({ ticks: { n, userId: admin.userId } })));
});

test('two clients (two users) get identical streams of one topic, each resolved with its own identity', async () => {
  const other = await registerAdmin(stack.client());
  const topic = `t-${randomUUID()}`;
  const a = new Recorder(connect(admin.token).client, TOPIC_EVENTS, { topic });
  const b = new Recorder(connect(other.token).client, TOPIC_EVENTS, { topic });
  await until('both subscribed at the subgraph', async () => (await listeners(topic)) === 2);
  for (let seq = 1; seq <= 20; seq++) await admin.client.ok(PUBLISH_PROBE, { topic, seq, payload: `p${seq}` });
  await until('20 events each', () => a.results.length === 20 && b.results.length === 20);
  const strip = (r: Recorder) => r.data.map(({ topicEvents: { subscriberId: _, ...event } }) => event);
  expect(strip(a)).toEqual(Array.from({ length: 20 }, (_, i) => ({ topic, seq: i + 1, payload: `p${i + 1}` })));
  expect(strip(b)).toEqual(strip(a));
  expect(new Set(a.data.map((d) => d.topicEvents.subscriberId))).toEqual(new Set([admin.userId]));
  expect(new Set(b.data.map((d) => d.topicEvents.subscriberId))).toEqual(new Set([other.userId]));
});

test('subscribing again just as the idle upstream connection closes works (no false interruption)', async () => {
  const connection = connect(admin.token);
  // each stream ends the last upstream subscription, so the gateway closes its idle connection to the probe
  for (let i = 0; i < 30; i++) {
    const once = new Recorder(connection.client, TICKS, { count: 1, intervalMs: 1 });
    await until('one tick', () => once.ended);
    expect([once.error, once.results.length]).toEqual([undefined, 1]);
  }
});

describe('the subgraph sees a subscription end when the client ends it', () => {
  test('by unsubscribing (Complete) on a connection that stays open', async () => {
    const topic = `t-${randomUUID()}`;
    const connection = connect(admin.token);
    const sub = new Recorder(connection.client, TOPIC_EVENTS, { topic });
    const kept = new Recorder(connection.client, TICKS, { count: 1000, intervalMs: 60_000 });
    await until('subscribed at the subgraph', async () => (await listeners(topic)) === 1);
    sub.unsubscribe();
    await until('the subgraph let the topic go', async () => (await listeners(topic)) === 0);
    expect(kept.ended).toBe(false);
  });

  test('by disconnecting', async () => {
    const topic = `t-${randomUUID()}`;
    const connection = connect(admin.token);
    new Recorder(connection.client, TOPIC_EVENTS, { topic });
    new Recorder(connection.client, TICKS, { count: 1000, intervalMs: 60_000 });
    await until('both running at the subgraph', async () => {
      const now = await stats(topic);
      return now.topicListeners === 1 && now.activeTicks === 1;
    });
    await connection.close();
    await until('both ended at the subgraph', async () => {
      const now = await stats(topic);
      return now.topicListeners === 0 && now.activeTicks === 0;
    });
  });
});

test('subscriptions per connection are capped: of 1,000, 100 run and 900 are refused clearly', async () => {
  const connection = connect(admin.token);
  const subs = Array.from({ length: 1000 }, () => new Recorder(connection.client, TICKS, { count: 1000, intervalMs: 60_000 }));
  await until('900 refusals', () => subs.filter((s) => s.error).length === 900, 30_000);
  const refused = subs.find((s) => s.error)!;
  expect(refused.errorCodes).toEqual(['RATE_LIMITED']);
  expect((refused.error as { extensions: unknown }[])[0]!.extensions).toMatchObject({ limit: 'subscriptionsPerConnection', max: 100 });
  await until('100 running at the subgraph', async () => (await stats()).activeTicks === 100, 20_000);
  // the cap counts running subscriptions: ending one makes room for another
  subs.find((s) => !s.error)!.unsubscribe();
  await until('one ended at the subgraph', async () => (await stats()).activeTicks === 99);
  const another = new Recorder(connection.client, TICKS, { count: 1, intervalMs: 1 });
  await until('the new one ran', () => another.ended);
  expect([another.error, another.results.length]).toEqual([undefined, 1]);
});

describe('queries and mutations over the same WebSocket', () => {
  test('run through the gateway with the connection identity', async () => {
    const connection = connect(admin.token);
    const me = new Recorder(connection.client, '{ me { id email } }');
    const topic = `t-${randomUUID()}`;
    const published = new Recorder(connection.client, PUBLISH_PROBE, { topic, seq: 1 });
    await until('both answered', () => me.ended && published.ended);
    expect(me.data).toEqual([{ me: { id: admin.userId, email: admin.email } }]);
    expect(published.data).toEqual([{ publishProbe: true }]);
  });

  test('the same limits apply as over HTTP', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ');
    const res = new Recorder(connect(admin.token).client, `{ ${aliases} }`);
    await until('answered', () => res.ended);
    expect(res.results[0]!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'aliases' });
  });
});

describe('refused at subscribe time', () => {
  const refusal = async (query: string, variables: Record<string, unknown> = {}) => {
    const sub = new Recorder(connect(admin.token).client, query, variables);
    await until('refused', () => sub.ended);
    return sub;
  };

  test('a field of another subgraph in the event: a clear BAD_USER_INPUT naming both', async () => {
    const sub = await refusal('subscription { ticks(count: 1, intervalMs: 1) { n user { id email } } }');
    expect(sub.errorCodes).toEqual(['BAD_USER_INPUT']);
    const message = (sub.error as { message: string }[])[0]!.message;
    expect(message).toMatch(/served by the probe subgraph/);
    expect(message).toMatch(/email/);
  });

  test('the entity key the owning subgraph holds is fine', async () => {
    const sub = await refusal('subscription { ticks(count: 1, intervalMs: 1) { n user { id } } }');
    expect([sub.error, sub.data]).toEqual([undefined, [{ ticks: { n: 1, user: { id: admin.userId } } }]]);
  });

  test('an unknown field, bad variables, too many aliases', async () => {
    expect((await refusal('subscription { ticks(count: 1, intervalMs: 1) { nope } }')).errorCodes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect((await refusal(TICKS, { count: 'many', intervalMs: 1 })).errorCodes).toEqual(['BAD_USER_INPUT']);
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: n`).join(' ');
    expect((await refusal(`subscription { ticks(count: 1, intervalMs: 1) { ${aliases} } }`)).errorCodes).toEqual(['BAD_USER_INPUT']);
  });

  test("the subgraph's own refusal reaches the client with its code", async () => {
    const sub = await refusal(TICKS, { count: 0, intervalMs: 1 });
    expect(sub.results.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
