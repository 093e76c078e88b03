import { randomUUID } from 'node:crypto';
import { registerAdmin, type Session } from '../support/client.js';
import { PROBE, PUBLISH_PROBE, startProbeStack, TICKS, TOPIC_EVENTS } from '../support/probe.js';
import type { Stack } from '../support/stack.js';
import { bearer, connectWs, Recorder, until, type WsConnection } from '../support/ws.js';

// Kills and restarts the probe subgraph: a stack of its own, so no other test sees the outage.
let stack: Stack;
let admin: Session;
let connection: WsConnection;

beforeAll(async () => {
  stack = await startProbeStack();
  admin = await registerAdmin(stack.client());
  connection = connectWs(stack.gatewayUrl, bearer(admin.token));
}, 60_000);
afterAll(async () => {
  await connection?.close();
  await stack?.stop();
});

const interruption = (sub: Recorder) => (sub.error as { message: string; extensions: Record<string, unknown> }[])[0]!;

test('a subgraph killed mid-stream: each subscriber gets a retryable error at once, and can subscribe again once it is back', async () => {
  const topic = `t-${randomUUID()}`;
  const ticks = new Recorder(connection.client, TICKS, { count: 10_000, intervalMs: 50 });
  const events = new Recorder(connection.client, TOPIC_EVENTS, { topic });
  await until('ticking', () => ticks.results.length >= 2);

  await stack.kill(PROBE.name);
  await until('both subscriptions ended', () => ticks.ended && events.ended);
  for (const sub of [ticks, events]) {
    expect(sub.errorCodes).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(interruption(sub).extensions.retryable).toBe(true);
    expect(interruption(sub).message).toMatch(/subscribe again/);
  }

  await stack.restart(PROBE.name);
  const again = new Recorder(connection.client, TICKS, { count: 3, intervalMs: 10 });
  const topicAgain = new Recorder(connection.client, TOPIC_EVENTS, { topic });
  await until('ticks after the restart', () => again.ended);
  expect(again.data.map((d) => d.ticks.n)).toEqual([1, 2, 3]);
  // the pub/sub subscription is live again: publish until it arrives (its subscribe may land after the first publish)
  await until('topic events after the restart', async () => {
    await admin.client.ok(PUBLISH_PROBE, { topic, seq: 1 });
    return topicAgain.results.length > 0;
  });
  expect(topicAgain.error).toBeUndefined();
});

test('a subscription made while its subgraph is down waits for it, and runs once it is back', async () => {
  await stack.kill(PROBE.name);
  const ticks = new Recorder(connection.client, TICKS, { count: 2, intervalMs: 10 });
  await stack.restart(PROBE.name);
  await until('both ticks', () => ticks.ended, 20_000);
  expect([ticks.error, ticks.data.map((d) => d.ticks.n)]).toEqual([undefined, [1, 2]]);
});

test('a subgraph that stays down: a waiting subscription fails within bounded time, never silence', async () => {
  await stack.kill(PROBE.name);
  const ticks = new Recorder(connection.client, TICKS, { count: 2, intervalMs: 10 });
  // 5 retries, 250 ms doubling: ~8 s, bounded well under this wait
  await until('refused', () => ticks.ended, 20_000);
  expect(ticks.errorCodes).toEqual(['INTERNAL_SERVER_ERROR']);
  expect(interruption(ticks).extensions.retryable).toBe(true);
  // the client's own connection to the gateway survived all of it
  const me = new Recorder(connection.client, '{ me { id } }');
  await until('answered', () => me.ended);
  expect(me.data).toEqual([{ me: { id: admin.userId } }]);
}, 40_000);
