import { Stack } from '../support/stack.js';
import { addMember, codes, registerAdmin, type Session } from '../support/client.js';
import { collect, wsClient } from '../support/subscriptions.js';
import { createPersona } from '../persona/persona-support.js';
import { CONVERSATION, finished, kinds, MINE, SEND, SET_TYPING, START, STREAM, type StreamEvent } from './conversation-support.js';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'persona', 'conversation'], workers: [] });
});
afterAll(() => stack?.stop());

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
