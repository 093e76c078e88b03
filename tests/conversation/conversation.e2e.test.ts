import pg from 'pg';
import { createRedis, type Redis } from '../../internal/redis.js';
import { Stack } from '../support/stack.js';
import { testRun } from '../support/test-env.js';
import { addMember, codes, registerAdmin, type Session } from '../support/client.js';
import { collect, wsClient } from '../support/subscriptions.js';
import { createPersona } from '../persona/persona-support.js';
import { CONVERSATION, finished, kinds, MINE, SEND, SET_TYPING, START, STREAM, type StreamEvent } from './conversation-support.js';

let stack: Stack;
let db: pg.Client;
let redis: Redis;

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'billing', 'persona', 'conversation'], workers: [] });
  db = new pg.Client({ connectionString: testRun().databaseUrl });
  await db.connect();
  redis = createRedis(testRun().redisUrl);
});
afterAll(async () => {
  redis?.disconnect();
  await db?.end();
  await stack?.stop();
});

const storedMessages = async (conversationIds: string[]) =>
  Number((await db.query('SELECT count(*) FROM conversation_messages WHERE conversation_id = ANY($1::uuid[])', [conversationIds])).rows[0].count);

async function schoolWithPersona() {
  const admin = await registerAdmin(stack.client());
  const personaId = await createPersona(admin.client);
  const student = await addMember(admin, 'STUDENT', 'Sam Student');
  return { admin, personaId, student };
}

const start = async (session: Session, personaId: string) => (await session.client.ok(START, { personaId })).startConversation.id as string;

describe('conversations', () => {
  test('a student starts a conversation; persona and user resolve through federation', async () => {
    const { personaId, student } = await schoolWithPersona();
    const started = (await student.client.ok(START, { personaId })).startConversation;
    expect(started.persona).toEqual({ id: personaId, name: 'Gabriel' });
    const read = (await student.client.ok(CONVERSATION, { id: started.id })).conversation;
    expect(read).toMatchObject({ id: started.id, user: { id: student.userId, name: 'Sam Student' }, messages: { edges: [] } });
  });

  test('a persona of another organization, or a deleted one, cannot be talked to', async () => {
    const a = await schoolWithPersona();
    const b = await schoolWithPersona();
    expect(codes(await b.student.client.request(START, { personaId: a.personaId }))).toEqual(['NOT_FOUND']);
    await a.admin.client.ok('mutation($id: ID!) { deletePersona(id: $id) }', { id: a.personaId });
    expect(codes(await a.student.client.request(START, { personaId: a.personaId }))).toEqual(['NOT_FOUND']);
  });

  test("a conversation is private: another student, a teacher and another org's user get NOT_FOUND", async () => {
    const { admin, personaId, student } = await schoolWithPersona();
    const id = await start(student, personaId);
    const classmate = await addMember(admin, 'STUDENT');
    const teacher = await addMember(admin, 'TEACHER');
    const outsider = (await schoolWithPersona()).student;
    for (const other of [classmate, teacher, outsider]) {
      expect(codes(await other.client.request(CONVERSATION, { id }))).toEqual(['NOT_FOUND']);
      expect(codes(await other.client.request(SEND, { conversationId: id, text: 'hi' }))).toEqual(['NOT_FOUND']);
      expect(codes(await other.client.request(SET_TYPING, { conversationId: id, typing: true }))).toEqual(['NOT_FOUND']);
    }
    expect(codes(await stack.client().request(CONVERSATION, { id }))).toEqual(['UNAUTHENTICATED']);
  });

  test('conversations lists only your own, newest first, with counts and Persona.conversationCount', async () => {
    const { admin, personaId, student } = await schoolWithPersona();
    const first = await start(student, personaId);
    const second = await start(student, personaId);
    await start(await addMember(admin, 'STUDENT'), personaId);
    const page = (await student.client.ok(MINE, { first: 10 })).conversations;
    expect(page.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([second, first]);
    expect(page.edges[0].node).toMatchObject({ persona: { id: personaId, name: 'Gabriel' }, messageCount: 0, lastMessageAt: null });
    const count = await admin.client.ok('query($id: ID!) { persona(id: $id) { conversationCount } }', { id: personaId });
    expect(count.persona.conversationCount).toBe(3);
  });
});

describe('sendMessage', () => {
  test('stores the message and returns it at once; bad input is refused and nothing is stored', async () => {
    const { personaId, student } = await schoolWithPersona();
    const id = await start(student, personaId);
    const sent = (await student.client.ok(SEND, { conversationId: id, text: '  What is photosynthesis?  ' })).sendMessage;
    expect(sent).toMatchObject({ role: 'USER', text: 'What is photosynthesis?' });
    expect(codes(await student.client.request(SEND, { conversationId: id, text: '   ' }))).toEqual(['BAD_USER_INPUT']);
    const huge = await student.client.request(SEND, { conversationId: id, text: 'x'.repeat(100_000) });
    expect(codes(huge)).toEqual(['PAYLOAD_TOO_LARGE']);
    const messages = (await student.client.ok(CONVERSATION, { id })).conversation.messages.edges;
    expect(messages.filter((e: { node: { role: string } }) => e.node.role === 'USER').map((e: { node: { text: string } }) => e.node.text)).toEqual([
      'What is photosynthesis?',
    ]);
  });
});

describe('messageStream on the subgraph', () => {
  test('typing is seen by the other tab; strangers cannot subscribe', async () => {
    const { personaId, student } = await schoolWithPersona();
    const id = await start(student, personaId);
    const url = `${stack.url('conversation')}/graphql`;
    const tab = wsClient(url, student.token);
    const stranger = wsClient(url, (await schoolWithPersona()).student.token);
    try {
      const stream = collect<StreamEvent>(tab, STREAM, { conversationId: id });
      const refused = collect<StreamEvent>(stranger, STREAM, { conversationId: id });
      await new Promise((r) => setTimeout(r, 300));
      await student.client.ok(SET_TYPING, { conversationId: id, typing: true });
      const events = await stream.until((e) => e.length >= 1);
      expect(events[0]!.messageStream).toEqual({ __typename: 'TypingEvent', userId: student.userId, typing: true });
      await refused.until(() => false, 3_000).catch(() => undefined);
      expect(JSON.stringify(refused.errors)).toMatch(/NOT_FOUND|not found/);
      void finished;
      void kinds;
    } finally {
      await tab.dispose();
      await stranger.dispose();
    }
  });
});

describe('limits', () => {
  test('a second message while an answer is streaming is refused with REPLY_IN_PROGRESS and stores nothing', async () => {
    const { personaId, student } = await schoolWithPersona();
    const id = await start(student, personaId);
    // an answer in progress, as another replica would hold it
    const lock = `${stack.env.REDIS_KEY_PREFIX}:conversation:${id}:reply:lock`;
    await redis.set(lock, 'another-reply', 'PX', 10_000);
    const res = await student.client.request(SEND, { conversationId: id, text: 'Are you there?' });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.reason).toBe('REPLY_IN_PROGRESS');
    expect(await storedMessages([id])).toBe(0);
    await redis.del(lock);
    expect((await student.client.ok(SEND, { conversationId: id, text: 'Are you there?' })).sendMessage.role).toBe('USER');
  });

  test('50 concurrent messages with 5 left in the monthly quota: exactly 5 are stored, 45 get QUOTA_EXCEEDED', async () => {
    const { admin, personaId, student } = await schoolWithPersona();
    const ids = await Promise.all(Array.from({ length: 50 }, () => start(student, personaId)));
    // free plan: 100 messages a month; 95 already used this month
    const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
    await db.query(
      `INSERT INTO billing_usage (org_id, metric, period_start, used) VALUES ($1, 'MESSAGES', $2, 95)
       ON CONFLICT (org_id, metric) DO UPDATE SET used = 95, period_start = $2`,
      [admin.orgId, month],
    );
    const results = await Promise.all(ids.map((conversationId) => student.client.request(SEND, { conversationId, text: 'Quick question' })));
    const refused = results.filter((r) => codes(r)[0] === 'QUOTA_EXCEEDED');
    expect(results.filter((r) => !r.errors).length).toBe(5);
    expect(refused.length).toBe(45);
    expect(refused[0]!.errors![0]!.message).toMatch(/messages/i);
    expect(await storedMessages(ids)).toBeGreaterThanOrEqual(5); // 5 questions (+ any answers already written)
    const questions = Number(
      (await db.query(`SELECT count(*) FROM conversation_messages WHERE role = 'USER' AND conversation_id = ANY($1::uuid[])`, [ids])).rows[0].count,
    );
    expect(questions).toBe(5);
  });
});
