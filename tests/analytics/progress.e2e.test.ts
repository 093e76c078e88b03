import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { addDays, daysEndingWith, localDate } from '../../subgraphs/analytics/calendar.js';
import { addMember, codes, registerAdmin, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { connectDb, createPersona, daysAgo, DASHBOARD, eventually, EventFeed, KIGALI, knownUsers, storedEvents, STUDENT_PROGRESS, type TestEvent } from './analytics.support.js';

let stack: Stack;
let db: pg.Client;
let feed: EventFeed;
let admin: Session, teacher: Session, s1: Session, s2: Session, s3: Session;
let otherAdmin: Session, otherStudent: Session;
let p1: string, p2: string, p3: string;

const ev = (type: TestEvent['type'], who: Session, days: number, payload: Record<string, unknown> = {}, time?: string): TestEvent => ({
  type,
  orgId: who.orgId,
  userId: who.userId,
  occurredAt: daysAgo(days, time),
  payload,
});
const msg = (who: Session, personaId: string, days: number, time?: string) =>
  ev('message_sent', who, days, { conversationId: `c-${who.userId}-${personaId}`, personaId, role: 'user' }, time);
const times = (n: number, make: (i: number) => TestEvent) => Array.from({ length: n }, (_, i) => make(i));

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'analytics', 'persona'], workers: ['analytics-worker'] });
  db = await connectDb();
  feed = new EventFeed(stack);
  admin = await registerAdmin(stack.client());
  [teacher, s1, s2, s3] = [await addMember(admin, 'TEACHER'), await addMember(admin, 'STUDENT', 'Sam Student'), await addMember(admin, 'STUDENT'), await addMember(admin, 'STUDENT')];
  otherAdmin = await registerAdmin(stack.client());
  otherStudent = await addMember(otherAdmin, 'STUDENT');
  [p1, p2, p3] = [await createPersona(teacher.client, 'Gabriel'), await createPersona(teacher.client, 'Amina'), await createPersona(otherAdmin.client, 'Elsewhere')];
  await knownUsers(db, [admin, teacher, s1, s2, s3, otherAdmin, otherStudent].map((s) => s.userId));
  // Days are counted back from today in Kigali; each group sits mid-window, so a date change during the run moves nothing across a window edge.
  const sent = await feed.publish([
    // s1: 1 message the week before last 7 days, 5 in the last 7 → IMPROVING
    ev('login', s1, 40),
    msg(s1, p1, 40),
    ev('conversation_started', s1, 10, { conversationId: 'c-10', personaId: p1 }),
    msg(s1, p1, 10),
    ev('conversation_started', s1, 3, { conversationId: 'c-3', personaId: p2 }),
    ...times(3, (i) => msg(s1, p2, 3, `12:0${i}`)),
    ...times(2, (i) => msg(s1, p1, 2, `12:0${i}`)),
    ev('message_sent', s1, 2, { conversationId: 'c-3', personaId: p2, role: 'assistant' }), // the reply: not the student's
    // s2: 6 → 1 → DECLINING
    ...times(3, (i) => msg(s2, p1, 9, `12:0${i}`)),
    ...times(3, (i) => msg(s2, p1, 8, `12:0${i}`)),
    msg(s2, p1, 2),
    // the teacher's and other organization's activity never shows in a student's numbers
    ev('login', teacher, 2),
    ...times(4, (i) => msg(otherStudent, p3, 2, `12:0${i}`)),
    // dashboard material
    ev('persona_created', teacher, 30, { personaId: p1, name: 'Gabriel' }),
    ev('persona_created', teacher, 30, { personaId: p2, name: 'Amina' }),
    ev('persona_created', teacher, 20, { personaId: 'p-old', name: 'Old one' }),
    ev('persona_deleted', teacher, 5, { personaId: 'p-old' }),
    ev('source_ready', teacher, 30, { sourceId: 'src-1', personaId: p1, kind: 'PDF' }),
    ev('source_ready', teacher, 4, { sourceId: 'src-1', personaId: p1, kind: 'PDF' }), // reindexed: still one source
    ev('source_ready', teacher, 20, { sourceId: 'src-2', personaId: p2, kind: 'DOCX' }),
    ev('source_deleted', teacher, 6, { sourceId: 'src-2', personaId: p2 }),
    ev('source_failed', teacher, 6, { sourceId: 'src-3', personaId: p2, kind: 'PDF' }),
  ]);
  await storedEvents(db, sent.map((e) => e.id));
  // the persona subgraph published persona_created for the real ones
  await eventually(async () => {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM analytics_events WHERE type = 'persona_created' AND persona_id = ANY($1)`, [[p1, p2, p3]]);
    return rows[0].n >= 3;
  }, "the persona subgraph's persona_created events");
});
afterAll(async () => {
  await feed?.close();
  await db?.end();
  await stack?.stop();
});

async function registeredAt(who: Session): Promise<string> {
  const { rows } = await db.query(`SELECT occurred_at FROM analytics_events WHERE type = 'user_registered' AND user_id = $1`, [who.userId]);
  return rows[0].occurred_at.toISOString();
}

describe('studentProgress', () => {
  test('a student sees their own numbers, trend and score, with their name from identity', async () => {
    const { studentProgress } = await s1.client.ok(STUDENT_PROGRESS, { studentId: s1.userId });
    expect(studentProgress).toEqual({
      student: { id: s1.userId, name: 'Sam Student' },
      messagesSent: 7,
      conversations: 2,
      activeDays: 5, // 40, 10, 3 and 2 days ago, and today (registration)
      lastActiveAt: await registeredAt(s1),
      // last 28 days: 4 active days, 6 messages, 2 conversations → 50·4/12 + 30·6/40 + 20·2/8 = 16.7 + 4.5 + 5
      engagementScore: 26,
      trend: 'IMPROVING', // 5 messages in the last 7 days against 1
      personas: [
        { persona: { id: p1, name: 'Gabriel' }, messages: 4 },
        { persona: { id: p2, name: 'Amina' }, messages: 3 },
      ],
    });
  });

  test('trend falls and stays stable by the documented rule', async () => {
    const declining = await admin.client.ok(STUDENT_PROGRESS, { studentId: s2.userId });
    const idle = await teacher.client.ok(STUDENT_PROGRESS, { studentId: s3.userId });
    expect(declining.studentProgress).toMatchObject({ messagesSent: 7, trend: 'DECLINING' });
    expect(idle.studentProgress).toMatchObject({ messagesSent: 0, conversations: 0, activeDays: 1, trend: 'STABLE', engagementScore: 4, personas: [] });
  });

  test('a student asking for another student is FORBIDDEN', async () => {
    const res = await s1.client.request(STUDENT_PROGRESS, { studentId: s2.userId });
    expect(codes(res)).toEqual(['FORBIDDEN']);
    expect(res.data?.studentProgress).toBeNull();
  });

  test('teachers and admins see students of their organization only', async () => {
    expect((await teacher.client.ok(STUDENT_PROGRESS, { studentId: s1.userId })).studentProgress.messagesSent).toBe(7);
    expect(codes(await otherAdmin.client.request(STUDENT_PROGRESS, { studentId: s1.userId }))).toEqual(['NOT_FOUND']);
    expect(codes(await admin.client.request(STUDENT_PROGRESS, { studentId: otherStudent.userId }))).toEqual(['NOT_FOUND']);
    expect(codes(await admin.client.request(STUDENT_PROGRESS, { studentId: randomUUID() }))).toEqual(['NOT_FOUND']);
    expect(codes(await admin.client.request(STUDENT_PROGRESS, { studentId: 'not-an-id' }))).toEqual(['NOT_FOUND']);
    expect(codes(await stack.client().request(STUDENT_PROGRESS, { studentId: s1.userId }))).toEqual(['UNAUTHENTICATED']);
  });

  test('User.progress: on me, and on every member of a list', async () => {
    const me = await s1.client.ok(`{ me { id progress { messagesSent trend } } }`);
    expect(me.me.progress).toEqual({ messagesSent: 7, trend: 'IMPROVING' });
    const members = await admin.client.ok(`{ members(first: 10) { edges { node { id role progress { messagesSent } } } } }`);
    const sent = Object.fromEntries(members.members.edges.map((e: any) => [e.node.id, e.node.progress.messagesSent]));
    expect(sent).toEqual({ [admin.userId]: 0, [teacher.userId]: 0, [s1.userId]: 7, [s2.userId]: 7, [s3.userId]: 0 });
  });
});

describe('dashboard', () => {
  test('totals and the last 7 days of the organization', async () => {
    const today = localDate(new Date(), KIGALI);
    const { dashboard } = await teacher.client.ok(DASHBOARD);
    expect(dashboard.totals).toEqual({ users: 5, personas: 2, knowledgeSources: 1, messages: 14 });
    const expectedDays = daysEndingWith(today, 7).map((date) => ({ date, messages: 0, activeUsers: 0 }));
    const day = (ago: number) => expectedDays.find((d) => d.date === addDays(today, -ago))!;
    Object.assign(day(0), { activeUsers: 5 }); // everyone registered today
    Object.assign(day(2), { messages: 3, activeUsers: 3 }); // s1 (2), s2 (1), the teacher's login
    Object.assign(day(3), { messages: 3, activeUsers: 1 });
    expect(dashboard.last7Days).toEqual(expectedDays);
  });

  test('another organization sees only its own', async () => {
    const { dashboard } = await otherAdmin.client.ok(DASHBOARD);
    expect(dashboard.totals).toEqual({ users: 2, personas: 1, knowledgeSources: 0, messages: 4 });
  });

  test('students are refused', async () => {
    expect(codes(await s1.client.request(DASHBOARD))).toEqual(['FORBIDDEN']);
  });
});
