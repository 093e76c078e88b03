import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { createLogger } from '../internal/logger.js';
import { PubSub } from '../internal/pubsub.js';
import { registerAdmin } from '../tests/support/client.js';
import { memoryKb } from '../tests/support/files.js';
import { topicChannel, type ProbeMessage } from '../tests/support/fixtures/probe/topics.js';
import { startProbeStack, TOPIC_EVENTS } from '../tests/support/probe.js';
import type { Stack } from '../tests/support/stack.js';
import { bearer, connectWs, until, type WsConnection } from '../tests/support/ws.js';
import { summary, withBenchEnvironment } from './harness.js';

/**
 * Subscription forwarding through the real gateway, to the probe subgraph:
 *  - latency: one event at a time published to Redis (as a subgraph's
 *    PubSub.publish does); one subscriber connected to the gateway and one
 *    connected to the subgraph directly; added = gateway receipt − direct receipt
 *  - idle: N subscriptions held open through the gateway (100 per
 *    connection, the default cap); gateway RSS per subscription
 *  - fan-out: F clients (one connection each) on one topic; per-event
 *    receipt latency across subscribers and time until the last one has
 *    it, through the gateway and (for comparison) directly at the subgraph
 * Usage: npm run bench:subscriptions [-- events idle fanout]   (default 2000 5000 500)
 */

/** Subscribes to a topic and calls `onEvent(seq)` for each event, as it arrives. */
function onTopic(client: Client, topic: string, onEvent: (seq: number) => void, onError: (err: unknown) => void = () => undefined): () => void {
  return client.subscribe<{ topicEvents: { seq: number } }>(
    { query: TOPIC_EVENTS, variables: { topic } },
    { next: (r) => r.data && onEvent(r.data.topicEvents.seq), error: onError, complete: () => undefined },
  );
}

async function gatewaySubscriptions(stack: Stack): Promise<number> {
  const metrics = await (await fetch(stack.gatewayUrl.replace(/graphql$/, 'metrics'))).text();
  return Number(/graphql_ws_subscriptions\{[^}]*subgraph="probe"[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
}

async function latency(stack: Stack, pubsub: PubSub, token: string, events: number) {
  const topic = `latency-${randomUUID()}`;
  const viaGateway = connectWs(stack.gatewayUrl, bearer(token));
  const direct = connectWs(`${stack.url('probe')}/graphql`, bearer(token));
  const published = new Map<number, number>();
  const received = { gateway: new Map<number, number>(), direct: new Map<number, number>() };
  let both: () => void = () => undefined;
  const arrive = (where: Map<number, number>) => (seq: number) => {
    where.set(seq, performance.now());
    if (received.gateway.has(seq) && received.direct.has(seq)) both();
  };
  const subscribed = (where: Map<number, number>) => async () => {
    await pubsub.publish(topicChannel(topic), { topic, seq: 0 } satisfies ProbeMessage);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return where.has(0);
  };
  // the direct subscriber first: the subgraph then sends each event to it before the gateway's copy,
  // so "added" is an upper bound (it includes the subgraph's work for the second subscription)
  onTopic(direct.client, topic, arrive(received.direct));
  await until('direct subscriber ready', subscribed(received.direct));
  onTopic(viaGateway.client, topic, arrive(received.gateway));
  await until('gateway subscriber ready', subscribed(received.gateway));
  const warmUp = Math.min(200, Math.floor(events / 5));
  for (let seq = 1; seq <= warmUp + events; seq++) {
    const arrived = new Promise<void>((resolve) => (both = resolve));
    published.set(seq, performance.now());
    await pubsub.publish(topicChannel(topic), { topic, seq } satisfies ProbeMessage);
    await arrived;
  }
  const measured = [...published.keys()].filter((seq) => seq > warmUp);
  await Promise.all([viaGateway.close(), direct.close()]);
  return {
    events,
    directMs: summary(measured.map((s) => received.direct.get(s)! - published.get(s)!)),
    throughGatewayMs: summary(measured.map((s) => received.gateway.get(s)! - published.get(s)!)),
    addedByGatewayMs: summary(measured.map((s) => received.gateway.get(s)! - received.direct.get(s)!)),
  };
}

async function idle(stack: Stack, token: string, count: number) {
  const pid = stack.pids().gateway!;
  const before = await memoryKb(pid, 'VmRSS');
  const connections: WsConnection[] = [];
  let errors = 0;
  for (let i = 0; i < count; i++) {
    if (i % 100 === 0) connections.push(connectWs(stack.gatewayUrl, bearer(token)));
    onTopic(connections[connections.length - 1]!.client, `idle-${i % 1000}`, () => undefined, () => (errors += 1));
  }
  await until(`${count} subscriptions at the gateway`, async () => (await gatewaySubscriptions(stack)) === count, 120_000);
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // let allocation settle
  const after = await memoryKb(pid, 'VmRSS');
  await Promise.all(connections.map((c) => c.close()));
  return {
    subscriptions: count,
    connections: connections.length,
    errors,
    gatewayRssBeforeMiB: +(before / 1024).toFixed(1),
    gatewayRssAfterMiB: +(after / 1024).toFixed(1),
    rssPerSubscriptionKiB: +((after - before) / count).toFixed(2),
  };
}

async function fanOut(stack: Stack, pubsub: PubSub, token: string, subscribers: number, via: 'gateway' | 'direct', events = 50) {
  const topic = `fanout-${randomUUID()}`;
  const url = via === 'gateway' ? stack.gatewayUrl : `${stack.url('probe')}/graphql`;
  const connections = Array.from({ length: subscribers }, () => connectWs(url, bearer(token)));
  const arrivals = new Map<number, number[]>();
  let onArrival: () => void = () => undefined;
  const errors: unknown[] = [];
  connections.forEach((c) =>
    onTopic(
      c.client,
      topic,
      (seq) => {
        const list = arrivals.get(seq) ?? [];
        list.push(performance.now());
        arrivals.set(seq, list);
        onArrival();
      },
      (err) => errors.push(err),
    ),
  );
  if (via === 'gateway') await until(`${subscribers} subscribed`, async () => (await gatewaySubscriptions(stack)) === subscribers, 60_000);
  await until('all receive', async () => {
    if (errors.length) throw new Error(`subscriptions failed: ${JSON.stringify(errors.slice(0, 3))}`);
    await pubsub.publish(topicChannel(topic), { topic, seq: 0 } satisfies ProbeMessage);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return (arrivals.get(0)?.length ?? 0) >= subscribers;
  });
  const perReceipt: number[] = [];
  const toLast: number[] = [];
  for (let seq = 1; seq <= events; seq++) {
    const all = new Promise<void>((resolve) => (onArrival = () => (arrivals.get(seq)?.length ?? 0) === subscribers && resolve()));
    const t0 = performance.now();
    await pubsub.publish(topicChannel(topic), { topic, seq } satisfies ProbeMessage);
    await all;
    const times = arrivals.get(seq)!.map((t) => t - t0);
    perReceipt.push(...times);
    toLast.push(Math.max(...times));
  }
  await Promise.all(connections.map((c) => c.close()));
  return { via, subscribers, events, receiptLatencyMs: summary(perReceipt), timeToLastSubscriberMs: summary(toLast) };
}

async function main() {
  const [events = 2000, idleCount = 5000, fanout = 500] = process.argv.slice(2).map(Number);
  await withBenchEnvironment(async () => {
    const stack = await startProbeStack();
    const pubsub = new PubSub(stack.env.REDIS_URL!, stack.env.REDIS_KEY_PREFIX!, createLogger('bench', 'warn'));
    try {
      const admin = await registerAdmin(stack.client());
      // each result is printed as soon as it is known; a count of 0 skips that part
      for (const [name, count, run] of [
        ['latency', events, () => latency(stack, pubsub, admin.token, events)],
        ['idle', idleCount, () => idle(stack, admin.token, idleCount)],
        ['fanOutThroughGateway', fanout, () => fanOut(stack, pubsub, admin.token, fanout, 'gateway')],
        ['fanOutDirectAtSubgraph', fanout, () => fanOut(stack, pubsub, admin.token, fanout, 'direct')],
      ] as const) {
        if (count > 0) console.log(JSON.stringify({ [name]: await run() }, null, 2));
      }
    } finally {
      await pubsub.close();
      await stack.stop();
    }
  });
}

void main();
