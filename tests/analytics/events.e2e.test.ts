import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { addMember, codes, registerAdmin, STRONG_PASSWORD, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { connectDb, eventually, EventFeed, knownUsers, storedEvents, TRACK_EVENT } from './analytics.support.js';

let stack: Stack;
let db: pg.Client;
let feed: EventFeed;
let admin: Session, student: Session;

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'analytics'], workers: ['analytics-worker'] });
  db = await connectDb();
  feed = new EventFeed(stack);
  admin = await registerAdmin(stack.client());
  student = await addMember(admin, 'STUDENT');
});
afterAll(async () => {
  await feed?.close();
  await db?.end();
  await stack?.stop();
});

const rowsOf = async (userId: string, type: string) =>
  (await db.query(`SELECT org_id::text, user_id::text, type, payload, persona_id, subject_id, message_role FROM analytics_events WHERE user_id = $1 AND type = $2`, [userId, type])).rows;

describe('events from identity, through the real queue and worker', () => {
  test('register and invitation publish user_registered; the worker keeps who is who', async () => {
    await knownUsers(db, [admin.userId, student.userId]);
    const { rows } = await db.query(`SELECT user_id::text, org_id::text, role FROM analytics_users WHERE user_id = ANY($1::uuid[]) ORDER BY role`, [[admin.userId, student.userId]]);
    expect(rows).toEqual([
      { user_id: admin.userId, org_id: admin.orgId, role: 'ADMIN' },
      { user_id: student.userId, org_id: admin.orgId, role: 'STUDENT' },
    ]);
  });

  test('login publishes login, stored for the user and org', async () => {
    await stack.client().ok(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, { e: student.email, p: STRONG_PASSWORD });
    const rows = await eventually(async () => (await rowsOf(student.userId, 'login')).length && rowsOf(student.userId, 'login'), 'the login event');
    expect(rows).toEqual([expect.objectContaining({ org_id: admin.orgId, user_id: student.userId, type: 'login' })]);
  });
});

describe('the consumer', () => {
  test('tolerates missing optional payload fields', async () => {
    const [bare] = await feed.publish([{ type: 'message_sent', orgId: admin.orgId, userId: student.userId, payload: {} }]);
    await storedEvents(db, [bare!.id]);
    const { rows } = await db.query('SELECT persona_id, subject_id, message_role FROM analytics_events WHERE id = $1', [bare!.id]);
    expect(rows).toEqual([{ persona_id: null, subject_id: null, message_role: null }]);
  });

  test('refuses a malformed envelope without retrying, and keeps consuming', async () => {
    const bad = await feed.addRaw({ id: randomUUID(), type: 'message_sent', orgId: 'not-an-org', userId: null, occurredAt: 'soon', payload: {} });
    await expect(feed.finished(bad)).rejects.toThrow(/invalid event: orgId.*occurredAt/);
    const failed = await feed.queue().getJob(bad.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect((await db.query('SELECT 1 FROM analytics_events WHERE id = $1', [bad.data.id])).rowCount).toBe(0);
    const [next] = await feed.publish([{ type: 'login', orgId: admin.orgId, userId: admin.userId, payload: {} }]);
    await storedEvents(db, [next!.id]);
  });

  test('events published while the worker is down are stored once it is back', async () => {
    await stack.kill('analytics-worker', 'SIGTERM');
    const sent = await feed.publish([
      { type: 'conversation_started', orgId: admin.orgId, userId: student.userId, payload: { conversationId: 'c-down', personaId: 'p-down' } },
      { type: 'message_sent', orgId: admin.orgId, userId: student.userId, payload: { conversationId: 'c-down', personaId: 'p-down', role: 'user' } },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await db.query('SELECT 1 FROM analytics_events WHERE id = ANY($1)', [sent.map((e) => e.id)])).rowCount).toBe(0);
    await stack.restart('analytics-worker');
    await storedEvents(db, sent.map((e) => e.id));
  });

  test('serves /health, /ready and /metrics with what it consumed', async () => {
    const base = `http://127.0.0.1:${stack.port('analytics-worker')}`;
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/ready`)).json()).toEqual({ status: 'ready' });
    const [one] = await feed.publish([{ type: 'login', orgId: admin.orgId, userId: admin.userId, payload: {} }]);
    await storedEvents(db, [one!.id]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/analytics_events_total\{outcome="stored",service="analytics-worker"\} [1-9]/);
  });
});

describe('trackEvent', () => {
  test('stores client:<type> for the caller’s org and user, whatever the payload claims', async () => {
    const payload = { lesson: 'photosynthesis', orgId: randomUUID(), userId: randomUUID() };
    expect((await student.client.ok(TRACK_EVENT, { input: { type: 'lesson_opened', payload } })).trackEvent).toBe(true);
    expect(await rowsOf(student.userId, 'client:lesson_opened')).toEqual([
      { org_id: admin.orgId, user_id: student.userId, type: 'client:lesson_opened', payload, persona_id: null, subject_id: null, message_role: null },
    ]);
  });

  test.each([
    ['a type that is not lower_snake_case', { type: 'Lesson-Opened', payload: {} }, 'type'],
    ['a type longer than 64 characters', { type: 'a'.repeat(65), payload: {} }, 'type'],
    ['a payload over 4 KB', { type: 'too_big', payload: { text: 'x'.repeat(5000) } }, 'payload'],
    ['a payload that is not an object', { type: 'not_object', payload: [1, 2, 3] }, 'payload'],
  ])('refuses %s with BAD_USER_INPUT and stores nothing', async (_case, input, field) => {
    const before = (await db.query(`SELECT count(*)::int AS n FROM analytics_events WHERE user_id = $1`, [admin.userId])).rows[0].n;
    const res = await admin.client.request(TRACK_EVENT, { input });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe(field);
    const after = (await db.query(`SELECT count(*)::int AS n FROM analytics_events WHERE user_id = $1`, [admin.userId])).rows[0].n;
    expect(after).toBe(before);
  });

  test('needs a signed-in user', async () => {
    expect(codes(await stack.client().request(TRACK_EVENT, { input: { type: 'anonymous_ping' } }))).toEqual(['UNAUTHENTICATED']);
  });
});
