import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { createRedis, type Redis } from '../../internal/redis.js';
import { addMember, registerAdmin, type Session } from '../support/client.js';
import { answerOpenAi, writeOpenAiStream } from '../support/fake-llm.js';
import { clientWentAway } from '../support/http-server.js';
import { testRun } from '../support/test-env.js';
import { mintAccessToken } from '../support/tokens.js';
import { bearer, Connections, Recorder, until } from '../support/ws.js';
import { createPersona, GABRIEL } from '../persona/persona-support.js';
import { startPersonaStack, type PersonaStack } from '../persona/support/persona-stack.js';
import { CONTRACT_STREAM, CONVERSATION, SEND, SET_TYPING, START, type StreamEvent } from './conversation-support.js';

// The streamed answer end to end: client ══ws══ gateway ══ws══ conversation ──NDJSON── persona ──SSE── a local
// server speaking OpenAI's wire format (so each test decides the tokens, their pace, and sees the call end).
let ps: PersonaStack;
let redis: Redis;
const sockets = new Connections(() => ps.stack.gatewayUrl);

beforeAll(async () => {
  ps = await startPersonaStack({ LLM_MAX_RETRIES: '0', REPLY_ABANDON_MS: '1500', REPLY_LOCK_MS: '1500' }, { subgraphs: ['billing', 'conversation'] });
  redis = createRedis(testRun().redisUrl);
}, 120_000);
afterEach(() => sockets.closeAll());
afterAll(async () => {
  redis?.disconnect();
  await ps?.stop();
});

const PHOTO = 'Plants make their food by photosynthesis. Photosynthesis produces glucose and oxygen from carbon dioxide and water.';
const ANSWER = ['Plants', ' make', ' glucose', ' and', ' oxygen', ' [1]', '.'];
const TERMINAL = ['MessageDoneEvent', 'MessageErrorEvent'];

async function studentTalkingToGabriel() {
  const admin = await registerAdmin(ps.stack.client());
  const personaId = await createPersona(admin.client, { ...GABRIEL, llm: { provider: 'OPENAI' } });
  ps.knowledge.chunks.set(personaId, [{ chunkId: `${personaId}-photo`, text: PHOTO, location: { label: 'page 3', page: 3 }, source: { id: 'src-plants', title: 'Plants' } }]);
  const student = await addMember(admin, 'STUDENT');
  const conversationId = (await student.client.ok(START, { personaId })).startConversation.id as string;
  return { admin, student, personaId, conversationId };
}

const events = (stream: Recorder<StreamEvent>) => stream.data.filter(Boolean).map((d) => d.messageStream);
const finished = (stream: Recorder<StreamEvent>) => events(stream).some((e) => TERMINAL.includes(e.__typename));
/** The answer's events: from the persona's TYPING on (members' typing before it is not part of the answer). */
const answerOf = (stream: Recorder<StreamEvent>, personaId: string) => {
  const all = events(stream);
  return all.slice(all.findIndex((e) => e.__typename === 'TypingEvent' && e.userId === personaId));
};
const messagesOf = async (student: Session, id: string) =>
  (await student.client.ok(CONVERSATION, { id, first: 50 })).conversation.messages.edges.map((e: { node: unknown }) => e.node) as Record<string, any>[];

/** Subscribes each recorder's tab and waits until each is live (it sees the member's own typing). */
async function subscribed(student: Session, conversationId: string, streams: Recorder<StreamEvent>[]) {
  await until('subscribed', async () => {
    await student.client.ok(SET_TYPING, { conversationId, typing: true });
    return streams.every((s) => events(s).some((e) => e.__typename === 'TypingEvent' && e.userId === student.userId));
  });
}

/**
 * A student's tab subscribed while the persona streams a long, slow answer
 * (the LLM never finishes on its own); `llmCallEnded()` tells when the
 * persona's call to the LLM was closed by the persona.
 */
async function longAnswerStreaming() {
  const { student, conversationId } = await studentTalkingToGabriel();
  let ended = false;
  ps.openaiHandler = (_req, res: http.ServerResponse) => {
    void clientWentAway(res).then(() => (ended = true));
    return writeOpenAiStream(res, Array.from({ length: 200 }, (_, i) => ` w${i}`), { gapMs: 100, finish: false });
  };
  const connection = sockets.connect(bearer(student.token));
  const tab = new Recorder<StreamEvent>(connection.client, CONTRACT_STREAM, { conversationId });
  await subscribed(student, conversationId, [tab]);
  // the question shares words with the persona's material: retrieval finds it, so the persona calls the LLM
  const question = (await student.client.ok(SEND, { conversationId, text: 'Tell me everything about photosynthesis' })).sendMessage;
  await until('tokens streaming', () => events(tab).some((e) => e.__typename === 'TokenEvent'), 30_000);
  return { student, conversationId, connection, tab, question, llmCallEnded: () => ended };
}

/** The contract: TYPING → TOKEN 0..n → CITATION… → exactly one DONE, last; the deltas add up to DONE's text. */
function expectContractOrder(answer: Record<string, any>[], personaId: string) {
  expect(answer[0]).toEqual({ __typename: 'TypingEvent', userId: personaId, typing: true });
  const tokens = answer.filter((e) => e.__typename === 'TokenEvent');
  const citations = answer.filter((e) => e.__typename === 'CitationEvent');
  expect(tokens.length).toBeGreaterThan(0);
  expect(citations.length).toBeGreaterThan(0);
  expect(answer.map((e) => e.__typename)).toEqual(['TypingEvent', ...tokens.map(() => 'TokenEvent'), ...citations.map(() => 'CitationEvent'), 'MessageDoneEvent']);
  const done = answer.at(-1)!.message;
  expect(tokens.map((t) => t.index)).toEqual(tokens.map((_, i) => i));
  expect(tokens.map((t) => t.delta).join('')).toBe(done.text);
  expect(new Set([...tokens, ...citations].map((e) => e.messageId))).toEqual(new Set([done.id]));
  return done;
}

describe('the streamed answer through the gateway', () => {
  test("two tabs get identical streams in the contract's order; DONE is what `conversation` returns afterwards", async () => {
    const { student, personaId, conversationId } = await studentTalkingToGabriel();
    ps.openaiHandler = (req, res) => answerOpenAi(req.body, res, ANSWER, { gapMs: 20 });
    const tabs = [0, 1].map(() => new Recorder<StreamEvent>(sockets.connect(bearer(student.token)).client, CONTRACT_STREAM, { conversationId }));
    await subscribed(student, conversationId, tabs);

    const question = (await student.client.ok(SEND, { conversationId, text: 'What does photosynthesis produce?' })).sendMessage;
    await until('both tabs have the answer', () => tabs.every(finished), 30_000);
    const [first, second] = tabs.map((tab) => answerOf(tab, personaId));
    const done = expectContractOrder(first!, personaId);
    expect(second).toEqual(first);
    expect(done).toMatchObject({ role: 'ASSISTANT', text: 'Plants make glucose and oxygen.', citations: [{ sourceId: 'src-plants', chunkId: `${personaId}-photo` }] });
    expect(await messagesOf(student, conversationId)).toEqual([expect.objectContaining({ id: question.id, role: 'USER' }), done]);
    expect(tabs.map((t) => t.error)).toEqual([undefined, undefined]);
    // analytics: the conversation, the question and the answer went to the domain-events queue
    const ofThis = async (type: string) => (await ps.published(type)).map((job) => job.data).filter((e) => e.payload.conversationId === conversationId);
    expect(await ofThis('conversation_started')).toEqual([expect.objectContaining({ orgId: student.orgId, userId: student.userId })]);
    await until('the answer published', async () => (await ofThis('message_sent')).length === 2); // (just after DONE)
    expect((await ofThis('message_sent')).map((e) => [e.payload.role, e.payload.messageId])).toEqual([
      ['user', question.id],
      ['assistant', done.id],
    ]);
  });

  test('a classmate and a teacher of the same school cannot subscribe to the conversation', async () => {
    const { admin, conversationId } = await studentTalkingToGabriel();
    for (const other of [await addMember(admin, 'STUDENT'), await addMember(admin, 'TEACHER')]) {
      const stream = new Recorder<StreamEvent>(sockets.connect(bearer(other.token)).client, CONTRACT_STREAM, { conversationId });
      await until('refused', () => stream.ended);
      expect(JSON.stringify([stream.error, stream.results])).toMatch(/NOT_FOUND/);
      expect(events(stream)).toEqual([]);
    }
  });

  test('a tab that subscribes mid-answer gets the whole answer: replay, then live, no gap, no duplicate', async () => {
    const { student, personaId, conversationId } = await studentTalkingToGabriel();
    const words = Array.from({ length: 30 }, (_, i) => `${i ? ' ' : ''}word${i}`);
    ps.openaiHandler = (req, res) => answerOpenAi(req.body, res, [...words, ' [1]', '.'], { gapMs: 60 });
    const early = new Recorder<StreamEvent>(sockets.connect(bearer(student.token)).client, CONTRACT_STREAM, { conversationId });
    await subscribed(student, conversationId, [early]);
    await student.client.ok(SEND, { conversationId, text: 'What does photosynthesis produce?' });
    await until('three tokens streamed', () => events(early).filter((e) => e.__typename === 'TokenEvent').length >= 3, 30_000);
    expect(finished(early)).toBe(false);

    const late = new Recorder<StreamEvent>(sockets.connect(bearer(student.token)).client, CONTRACT_STREAM, { conversationId });
    await until('both have the answer', () => finished(early) && finished(late), 30_000);
    const done = expectContractOrder(answerOf(late, personaId), personaId);
    expect(answerOf(late, personaId)).toEqual(answerOf(early, personaId));
    expect(done.text).toBe(`${words.join('')}.`);
  });

  test("leaving mid-answer cancels it: the persona's LLM call is aborted, the question stays, the next message is accepted", async () => {
    const { student, conversationId, connection, question, llmCallEnded } = await longAnswerStreaming();
    await connection.close();
    await until('the LLM call was aborted', llmCallEnded, 20_000);
    expect(await messagesOf(student, conversationId)).toEqual([expect.objectContaining({ id: question.id, role: 'USER', text: 'Tell me everything about photosynthesis' })]);
    ps.openaiHandler = (req, res) => answerOpenAi(req.body, res, ANSWER);
    await until('the conversation takes a message again', async () => !(await student.client.request(SEND, { conversationId, text: 'Shorter, please' })).errors);
  });

  test('a message of 100 KB sent over the WebSocket is refused with PAYLOAD_TOO_LARGE; nothing is stored or streamed', async () => {
    const { student, conversationId } = await studentTalkingToGabriel();
    const connection = sockets.connect(bearer(student.token));
    const tab = new Recorder<StreamEvent>(connection.client, CONTRACT_STREAM, { conversationId });
    await subscribed(student, conversationId, [tab]);
    const before = events(tab).length;
    const send = new Recorder(connection.client, SEND, { conversationId, text: 'x'.repeat(100 * 1024) });
    await until('answered', () => send.ended);
    const errors = send.results.flatMap((r) => r.errors ?? []);
    expect(errors.map((e) => e.extensions?.code)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(errors[0]!.extensions).toMatchObject({ field: 'text', maxLength: 4000 });
    expect(await messagesOf(student, conversationId)).toEqual([]);
    expect(events(tab).slice(before).filter((e) => e.__typename !== 'TypingEvent')).toEqual([]); // (typing: the subscribe loop's)
  });

  test('a token that expires during the stream: UNAUTHENTICATED, the socket closes 4401, the subgraph lets go', async () => {
    const { student, conversationId } = await studentTalkingToGabriel();
    const connection = sockets.connect(bearer(await mintAccessToken(student, 'STUDENT', 3)));
    const tab = new Recorder<StreamEvent>(connection.client, CONTRACT_STREAM, { conversationId });
    await subscribed(student, conversationId, [tab]);
    await until('ended', () => tab.ended, 15_000);
    expect(tab.errorCodes).toEqual(['UNAUTHENTICATED']);
    expect(await connection.closed).toEqual({ code: 4401, reason: 'Access token expired' });
    const channel = `${ps.stack.env.REDIS_KEY_PREFIX}:ps:conversation:${conversationId}`;
    await until('unsubscribed at the subgraph', async () => Number(((await redis.pubsub('NUMSUB', channel)) as [string, number])[1]) === 0);
  });

  test('1,000 subscriptions on one connection: 100 run, 900 are refused with RATE_LIMITED', async () => {
    const { student, conversationId } = await studentTalkingToGabriel();
    const connection = sockets.connect(bearer(student.token));
    const subs = Array.from({ length: 1000 }, () => new Recorder<StreamEvent>(connection.client, CONTRACT_STREAM, { conversationId }));
    await until('900 refusals', () => subs.filter((s) => s.error).length === 900, 30_000);
    const refused = subs.find((s) => s.error)!;
    expect(refused.errorCodes).toEqual(['RATE_LIMITED']);
    expect((refused.error as { extensions: unknown }[])[0]!.extensions).toMatchObject({ limit: 'subscriptionsPerConnection', max: 100 });
    await subscribed(student, conversationId, subs.filter((s) => !s.error));
  });

  test('a reply whose producer died (its lock lapses, no more events) ends with ERROR INTERRUPTED, not silence', async () => {
    const { student, personaId, conversationId } = await studentTalkingToGabriel();
    // a reply in progress as a crashed replica leaves it: lock (no heartbeat any more) and the events so far
    const replyId = randomUUID();
    const key = `${ps.stack.env.REDIS_KEY_PREFIX}:conversation:${conversationId}:reply`;
    await redis.set(`${key}:lock`, replyId, 'PX', 1500);
    await redis.rpush(
      `${key}:${replyId}:events`,
      JSON.stringify({ kind: 'TYPING', userId: personaId, typing: true, replyId, seq: 1 }),
      JSON.stringify({ kind: 'TOKEN', replyId, seq: 2, messageId: replyId, delta: 'Half an ', index: 0 }),
    );
    await redis.pexpire(`${key}:${replyId}:events`, 60_000);
    const tab = new Recorder<StreamEvent>(sockets.connect(bearer(student.token)).client, CONTRACT_STREAM, { conversationId });
    await until('ended by the watchdog', () => finished(tab), 15_000);
    expect(answerOf(tab, personaId)).toEqual([
      { __typename: 'TypingEvent', userId: personaId, typing: true },
      { __typename: 'TokenEvent', messageId: replyId, delta: 'Half an ', index: 0 },
      { __typename: 'MessageErrorEvent', messageId: replyId, code: 'INTERRUPTED', message: expect.stringMatching(/interrupted/) },
    ]);
    ps.openaiHandler = (req, res) => answerOpenAi(req.body, res, ANSWER);
    expect((await student.client.ok(SEND, { conversationId, text: 'Again?' })).sendMessage.role).toBe('USER');
    await until('the new answer is done', () => finished(tab) && events(tab).filter((e) => TERMINAL.includes(e.__typename)).length === 2, 30_000);
    expect(events(tab).at(-1)!.__typename).toBe('MessageDoneEvent');
  });

  // last: it kills the stack's conversation subgraph
  test('the conversation subgraph killed mid-answer: the client gets a retryable error, never silence; the question stays', async () => {
    const { student, conversationId, tab, question, llmCallEnded } = await longAnswerStreaming();

    await ps.stack.kill('conversation');
    await until('the client was told', () => tab.ended, 15_000);
    expect(tab.errorCodes).toEqual(['INTERNAL_SERVER_ERROR']);
    expect((tab.error as { extensions: Record<string, unknown> }[])[0]!.extensions.retryable).toBe(true);
    await until('the LLM call was aborted', llmCallEnded, 20_000);

    await ps.stack.restart('conversation');
    // the dead reply's lock lapses within REPLY_LOCK_MS: the conversation is not blocked until the reply timeout
    ps.openaiHandler = (req, res) => answerOpenAi(req.body, res, ANSWER);
    await until('the conversation takes a message again', async () => !(await student.client.request(SEND, { conversationId, text: 'Still there?' })).errors, 20_000);
    const stored = await messagesOf(student, conversationId);
    expect(stored.slice(0, 2).map((m) => [m.id === question.id, m.role, m.text])).toEqual([
      [true, 'USER', 'Tell me everything about photosynthesis'],
      [false, 'USER', 'Still there?'],
    ]);
  }, 90_000);
});
