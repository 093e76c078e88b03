import { addMember, registerAdmin, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { bearer, Connections, Recorder, until } from '../support/ws.js';
import { createPersona } from '../persona/persona-support.js';
import { CONTRACT_STREAM, SEND, SET_TYPING, START, type StreamEvent } from '../conversation/conversation-support.js';

// The contract's MessageStream, as the apps send it, through the gateway to the real conversation subgraph.
let stack: Stack;
const sockets = new Connections(() => stack.gatewayUrl);

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'billing', 'persona', 'conversation'], workers: [] });
}, 90_000);
afterEach(() => sockets.closeAll());
afterAll(() => stack?.stop());

async function studentWithConversation(): Promise<{ student: Session; conversationId: string }> {
  const admin = await registerAdmin(stack.client());
  const personaId = await createPersona(admin.client);
  const student = await addMember(admin, 'STUDENT');
  const conversationId = (await student.client.ok(START, { personaId })).startConversation.id as string;
  return { student, conversationId };
}

const events = (stream: Recorder<StreamEvent>) => stream.data.map((d) => d.messageStream);

test("the contract's MessageStream runs through the gateway: typing, then the answer's events, one terminal event last", async () => {
  const { student, conversationId } = await studentWithConversation();
  const stream = new Recorder<StreamEvent>(sockets.connect(bearer(student.token)).client, CONTRACT_STREAM, { conversationId });
  // subscribed once typing (published after the subscription is in place) comes back
  await until('typing seen', async () => {
    await student.client.ok(SET_TYPING, { conversationId, typing: true });
    return events(stream).some((e) => e.__typename === 'TypingEvent');
  });
  await student.client.ok(SEND, { conversationId, text: 'What is photosynthesis?' });
  await until('the answer is done', () => events(stream).some((e) => ['MessageDoneEvent', 'MessageErrorEvent'].includes(e.__typename)), 30_000);
  expect(stream.error).toBeUndefined();

  // exactly one terminal event, last. Until the knowledge subgraph is in this tree, the persona cannot
  // retrieve and the reply ends in MessageErrorEvent: the transport is what this test checks.
  const answer = events(stream).filter((e) => e.__typename !== 'TypingEvent');
  const terminal = answer.filter((e) => ['MessageDoneEvent', 'MessageErrorEvent'].includes(e.__typename));
  expect(terminal).toHaveLength(1);
  expect(answer[answer.length - 1]).toBe(terminal[0]);
  if (terminal[0]!.__typename === 'MessageErrorEvent') {
    expect(terminal[0]).toMatchObject({ code: expect.any(String), message: expect.any(String), messageId: expect.any(String) });
  } else {
    const tokens = answer.filter((e) => e.__typename === 'TokenEvent');
    expect(tokens.map((t) => t.index)).toEqual(tokens.map((_, i) => i));
    expect(tokens.map((t) => t.delta).join('')).toBe(terminal[0]!.message.text);
  }
});

test("another organization's student cannot subscribe to the conversation through the gateway", async () => {
  const { conversationId } = await studentWithConversation();
  const stranger = (await studentWithConversation()).student;
  const stream = new Recorder<StreamEvent>(sockets.connect(bearer(stranger.token)).client, CONTRACT_STREAM, { conversationId });
  await until('refused', () => stream.ended);
  expect(JSON.stringify([stream.error, stream.results])).toMatch(/NOT_FOUND/);
  expect(stream.data.filter(Boolean)).toEqual([]);
});
