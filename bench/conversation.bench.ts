import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { createLogger } from '../internal/logger.js';
import { PubSub } from '../internal/pubsub.js';
import { addMember, registerAdmin, type Session } from '../tests/support/client.js';
import { startKnowledgeStandIn } from '../tests/support/knowledge-stand-in.js';
import { Stack } from '../tests/support/stack.js';
import { bearer, connectWs, until, type WsConnection } from '../tests/support/ws.js';
import { CONTRACT_STREAM, SEND, SET_TYPING, START } from '../tests/conversation/conversation-support.js';
import { createPersona } from '../tests/persona/persona-support.js';
import { summary, withBenchEnvironment } from './harness.js';

/**
 * The streamed answer, through the real gateway, with persona's OFFLINE
 * provider (it streams its whole answer word by word without pause: a burst,
 * as a fast model makes):
 *  - sendMessage: time to first TOKEN and to DONE at a client subscribed
 *    through the gateway, from just before the mutation is sent;
 *  - per token: TOKEN events published to Redis as the subgraph's ReplyLog
 *    does, one subscriber through the gateway and one directly at the
 *    subgraph; added = gateway receipt − direct receipt of the same event;
 *  - fan-out: F clients (one connection each) on one conversation; DONE
 *    receipt per subscriber, at the first and at the last one, from
 *    sendMessage; through the gateway and directly at the subgraph.
 * TOKEN_COALESCE_MS in the environment reaches the subgraph (default 25).
 * Usage: npm run bench:conversation [-- messages tokens fanout replies]   (default 50 2000 500 5)
 */
const CHUNK = 'Plants make their food by photosynthesis. Photosynthesis produces glucose and oxygen from carbon dioxide and water, using the energy of light.';
const QUESTION = 'What does photosynthesis produce?';

type Event = { __typename: string; index?: number; delta?: string };
function onStream(client: Client, conversationId: string, onEvent: (event: Event) => void, onError: (err: unknown) => void = () => undefined) {
  return client.subscribe<{ messageStream: Event }>(
    { query: CONTRACT_STREAM, variables: { conversationId } },
    { next: (r) => r.data && onEvent(r.data.messageStream), error: onError, complete: () => undefined },
  );
}

/** A school with a persona the offline provider answers for, and a student with a fresh conversation. */
async function conversation(stack: Stack, knowledge: Awaited<ReturnType<typeof startKnowledgeStandIn>>) {
  const admin = await registerAdmin(stack.client());
  const personaId = await createPersona(admin.client);
  knowledge.chunks.set(personaId, [{ chunkId: `${personaId}-c`, text: CHUNK, location: { label: 'page 1', page: 1 }, source: { id: 's1', title: 'Plants' } }]);
  const student = await addMember(admin, 'STUDENT');
  const conversationId = (await student.client.ok(START, { personaId })).startConversation.id as string;
  return { student, conversationId };
}

/** Waits until every listener saw a typing event (each subscription is in place). */
async function allSubscribed(student: Session, conversationId: string, typingSeen: () => boolean) {
  await until('subscribed', async () => {
    await student.client.ok(SET_TYPING, { conversationId, typing: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    return typingSeen();
  }, 120_000);
}

async function sendMessage(stack: Stack, knowledge: Awaited<ReturnType<typeof startKnowledgeStandIn>>, messages: number) {
  const firstToken: number[] = [];
  const done: number[] = [];
  const tokensPerReply: number[] = [];
  // the free plan allows 100 messages a month per organization: a new school every 90
  for (let sent = 0; sent < messages; ) {
    const { student, conversationId } = await conversation(stack, knowledge);
    const socket = connectWs(stack.gatewayUrl, bearer(student.token));
    let listener: (event: Event) => void = () => undefined;
    let typing = false;
    onStream(socket.client, conversationId, (event) => (event.__typename === 'TypingEvent' ? (typing = true) : listener(event)));
    await allSubscribed(student, conversationId, () => typing);
    for (let i = 0; i < 90 && sent < messages; i++, sent++) {
      let first = 0;
      let tokens = 0;
      const finished = new Promise<void>((resolve, reject) => {
        listener = (event) => {
          if (event.__typename === 'TokenEvent' && tokens++ === 0) first = performance.now();
          if (event.__typename === 'MessageErrorEvent') reject(new Error(JSON.stringify(event)));
          if (event.__typename === 'MessageDoneEvent') resolve();
        };
      });
      const t0 = performance.now();
      await student.client.ok(SEND, { conversationId, text: `${QUESTION} (${i})` });
      await finished;
      firstToken.push(first - t0);
      done.push(performance.now() - t0);
      tokensPerReply.push(tokens);
    }
    await socket.close();
  }
  return { messages, timeToFirstTokenMs: summary(firstToken), timeToDoneMs: summary(done), tokenEventsPerReply: summary(tokensPerReply) };
}

async function perToken(stack: Stack, knowledge: Awaited<ReturnType<typeof startKnowledgeStandIn>>, pubsub: PubSub, events: number) {
  const { student, conversationId } = await conversation(stack, knowledge);
  const topic = `conversation:${conversationId}`;
  const replyId = randomUUID();
  const sockets = { gateway: connectWs(stack.gatewayUrl, bearer(student.token)), direct: connectWs(`${stack.url('conversation')}/graphql`, bearer(student.token)) };
  const received = { gateway: new Map<number, number>(), direct: new Map<number, number>() };
  let both: () => void = () => undefined;
  const arrive = (where: Map<number, number>) => (event: Event) => {
    if (event.__typename !== 'TokenEvent') return;
    where.set(event.index!, performance.now());
    if (received.gateway.has(event.index!) && received.direct.has(event.index!)) both();
  };
  const publish = (index: number) => pubsub.publish(topic, { kind: 'TOKEN', replyId, seq: index + 1, messageId: replyId, delta: 'x', index });
  // the direct subscriber first (see bench:subscriptions): "added" is then an upper bound
  onStream(sockets.direct.client, conversationId, arrive(received.direct));
  await until('direct subscriber ready', async () => (await publish(0), await new Promise((r) => setTimeout(r, 50)), received.direct.has(0)));
  onStream(sockets.gateway.client, conversationId, arrive(received.gateway));
  await until('gateway subscriber ready', async () => (await publish(0), await new Promise((r) => setTimeout(r, 50)), received.gateway.has(0)));
  const warmUp = Math.min(200, Math.floor(events / 5));
  const published = new Map<number, number>();
  for (let index = 1; index <= warmUp + events; index++) {
    const arrived = new Promise<void>((resolve) => (both = resolve));
    published.set(index, performance.now());
    await publish(index);
    await arrived;
  }
  const measured = [...published.keys()].filter((i) => i > warmUp);
  await Promise.all([sockets.gateway.close(), sockets.direct.close()]);
  return {
    events,
    directMs: summary(measured.map((i) => received.direct.get(i)! - published.get(i)!)),
    throughGatewayMs: summary(measured.map((i) => received.gateway.get(i)! - published.get(i)!)),
    addedByGatewayMs: summary(measured.map((i) => received.gateway.get(i)! - received.direct.get(i)!)),
  };
}

async function fanOut(stack: Stack, knowledge: Awaited<ReturnType<typeof startKnowledgeStandIn>>, subscribers: number, replies: number, via: 'gateway' | 'direct') {
  const { student, conversationId } = await conversation(stack, knowledge);
  const url = via === 'gateway' ? stack.gatewayUrl : `${stack.url('conversation')}/graphql`;
  const connections: WsConnection[] = Array.from({ length: subscribers }, () => connectWs(url, bearer(student.token)));
  let typing = 0;
  let doneCount = 0;
  let doneAt: number[] = [];
  let tokenEvents = 0;
  let onDone: () => void = () => undefined;
  const errors: unknown[] = [];
  connections.forEach((c) =>
    onStream(
      c.client,
      conversationId,
      (event) => {
        if (event.__typename === 'TypingEvent') typing += 1;
        if (event.__typename === 'TokenEvent') tokenEvents += 1;
        if (event.__typename === 'MessageDoneEvent') {
          doneAt.push(performance.now());
          if (++doneCount === subscribers) onDone();
        }
      },
      (err) => errors.push(err),
    ),
  );
  await allSubscribed(student, conversationId, () => {
    if (errors.length) throw new Error(`subscriptions failed: ${JSON.stringify(errors.slice(0, 3))}`);
    return typing >= subscribers;
  });
  const perReceipt: number[] = [];
  const toFirst: number[] = [];
  const toLast: number[] = [];
  for (let r = 0; r < replies; r++) {
    doneCount = 0;
    doneAt = [];
    tokenEvents = 0;
    const all = new Promise<void>((resolve) => (onDone = resolve));
    const t0 = performance.now();
    await student.client.ok(SEND, { conversationId, text: `${QUESTION} (${r})` });
    await all;
    perReceipt.push(...doneAt.map((t) => t - t0));
    toFirst.push(Math.min(...doneAt) - t0);
    toLast.push(Math.max(...doneAt) - t0);
  }
  const tokensPerReply = tokenEvents / subscribers;
  await Promise.all(connections.map((c) => c.close()));
  return {
    via,
    subscribers,
    replies,
    tokenEventsPerReply: tokensPerReply,
    doneReceiptMs: summary(perReceipt),
    doneAtFirstSubscriberMs: summary(toFirst),
    doneAtLastSubscriberMs: summary(toLast),
  };
}

async function main() {
  const [messages = 50, tokens = 2000, fanout = 500, replies = 5] = process.argv.slice(2).map(Number);
  await withBenchEnvironment(async () => {
    const knowledge = await startKnowledgeStandIn();
    const stack = await Stack.start({ subgraphs: ['identity', 'billing', 'persona', 'conversation'], workers: [], env: { KNOWLEDGE_URL: knowledge.url } });
    const pubsub = new PubSub(stack.env.REDIS_URL!, stack.env.REDIS_KEY_PREFIX!, createLogger('bench', 'warn'));
    try {
      console.log(JSON.stringify({ tokenCoalesceMs: stack.env.TOKEN_COALESCE_MS ?? '25 (default)' }));
      // each result is printed as soon as it is known; a count of 0 skips that part
      for (const [name, count, run] of [
        ['sendMessage', messages, () => sendMessage(stack, knowledge, messages)],
        ['perToken', tokens, () => perToken(stack, knowledge, pubsub, tokens)],
        ['fanOutThroughGateway', fanout, () => fanOut(stack, knowledge, fanout, replies, 'gateway')],
        ['fanOutDirectAtSubgraph', fanout, () => fanOut(stack, knowledge, fanout, replies, 'direct')],
      ] as const) {
        if (count > 0) console.log(JSON.stringify({ [name]: await run() }, null, 2));
      }
    } finally {
      await pubsub.close();
      await stack.stop();
      await knowledge.close();
    }
  });
}

void main();
