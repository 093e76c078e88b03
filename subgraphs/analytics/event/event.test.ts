import { clientEvent } from './client-event.js';
import { InvalidEvent, toEventRow } from './event-row.js';

const ORG = '0b8f3c4e-2a4b-4c1e-9a7d-1f2e3d4c5b6a';
const USER = '6a5b4c3d-2e1f-4d7a-9e1c-4b2a4e3c8f0b';
const base = { id: 'evt-1', orgId: ORG, userId: USER, occurredAt: '2025-03-03T08:00:00.000Z' };

describe('events from the queue', () => {
  test('message_sent: persona, conversation and role are copied out of the payload', () => {
    const row = toEventRow({ ...base, type: 'message_sent', payload: { conversationId: 'c1', personaId: 'p1', role: 'USER' } });
    expect(row).toMatchObject({ type: 'message_sent', personaId: 'p1', subjectId: 'c1', messageRole: 'user', occurredAt: new Date(base.occurredAt) });
  });

  test('missing optional payload fields are tolerated', () => {
    const row = toEventRow({ ...base, type: 'source_ready', payload: undefined, userId: undefined });
    expect(row).toMatchObject({ userId: null, payload: {}, personaId: null, subjectId: null, messageRole: null });
  });

  test('odd payload ids are ignored rather than stored', () => {
    const row = toEventRow({ ...base, type: 'persona_created', payload: { personaId: { nested: true }, name: 'Gabriel' } });
    expect(row.personaId).toBeNull();
    expect(row.subjectId).toBeNull();
  });

  test.each([
    ['no org', { ...base, orgId: undefined, type: 'login' }],
    ['org not a uuid', { ...base, orgId: 'org-a', type: 'login' }],
    ['bad timestamp', { ...base, occurredAt: 'yesterday', type: 'login' }],
    ['bad type', { ...base, type: 'Message Sent' }],
    ['payload not an object', { ...base, type: 'login', payload: [1, 2] }],
  ])('an envelope with %s is refused', (_case, data) => {
    expect(() => toEventRow(data)).toThrow(InvalidEvent);
  });
});

describe('client events (trackEvent)', () => {
  test('are stored under client: with their payload', () => {
    expect(clientEvent('lesson_opened', { lesson: 3 }, 4096)).toEqual({ type: 'client:lesson_opened', payload: { lesson: 3 } });
    expect(clientEvent('x', null, 4096)).toEqual({ type: 'client:x', payload: {} });
  });

  test.each(['LessonOpened', 'lesson-opened', '_lesson', 'lesson__opened', '1st_lesson', '', 'client:login', 'a'.repeat(65)])(
    'type %p is refused as BAD_USER_INPUT',
    (type) => {
      expect(() => clientEvent(type, {}, 4096)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'type' }) }));
    },
  );

  test('a 64-character type is accepted', () => {
    expect(clientEvent('a'.repeat(64), {}, 4096).type).toBe(`client:${'a'.repeat(64)}`);
  });

  test('a payload over the limit or not an object is refused', () => {
    const big = { text: 'x'.repeat(4096) };
    expect(() => clientEvent('ok', big, 4096)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'PAYLOAD_TOO_LARGE' }) }));
    expect(() => clientEvent('ok', 'text', 4096)).toThrow(/JSON object/);
    expect(() => clientEvent('ok', [1], 4096)).toThrow(/JSON object/);
  });
});
