import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type pg from 'pg';
import { createRedis } from '../../internal/redis.js';
import { lastFullWeekStart } from '../../subgraphs/analytics/calendar.js';
import { REPORTS_QUEUE, WEEKLY_REPORTS_JOB } from '../../workers/analytics/reports.consumer.js';
import { addMember, codes, GraphQLClient, registerAdmin, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { connectDb, createPersona, EventFeed, KIGALI, kigali, knownUsers, storedEvents, WEEKLY_REPORT, type TestEvent } from './analytics.support.js';

let stack: Stack;
let db: pg.Client;
let feed: EventFeed;
let adminA: Session, teacherA: Session, s1: Session, s2: Session;
let adminB: Session, studentB: Session;
let pA1: string, pA2: string, pB1: string;
const pA3 = randomUUID(); // a persona the persona subgraph does not know (e.g. purged)

// The week of Monday 2025-03-03 to Sunday 2025-03-09 in Kigali (UTC+2).
const WEEK = '2025-03-03';

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'analytics', 'persona'], workers: ['analytics-worker'] });
  db = await connectDb();
  feed = new EventFeed(stack);
  adminA = await registerAdmin(stack.client());
  [teacherA, s1, s2] = [await addMember(adminA, 'TEACHER'), await addMember(adminA, 'STUDENT'), await addMember(adminA, 'STUDENT')];
  adminB = await registerAdmin(stack.client());
  studentB = await addMember(adminB, 'STUDENT');
  [pA1, pA2, pB1] = [await createPersona(adminA.client, 'Gabriel'), await createPersona(teacherA.client, 'Amina'), await createPersona(adminB.client, 'Kalisa')];
  // identity published user_registered for each; the worker learns who the students are from them
  await knownUsers(db, [adminA, teacherA, s1, s2, adminB, studentB].map((s) => s.userId));
});
afterAll(async () => {
  await feed?.close();
  await db?.end();
  await stack?.stop();
});

const msg = (who: Session, personaId: string, at: string, extra: Record<string, unknown> = {}): TestEvent => ({
  type: 'message_sent',
  orgId: who.orgId,
  userId: who.userId,
  occurredAt: kigali(at),
  payload: { conversationId: `conv-${who.userId}`, personaId, role: 'user', ...extra },
});
const ev = (type: TestEvent['type'], who: Session, at: string, payload: Record<string, unknown> = {}): TestEvent => ({
  type,
  orgId: who.orgId,
  userId: who.userId,
  occurredAt: kigali(at),
  payload,
});

describe('weeklyReport over a seeded week', () => {
  let duplicate: TestEvent & { id: string };

  beforeAll(async () => {
    duplicate = { ...msg(s2, pA2, '2025-03-05T09:05'), id: randomUUID() };
    const sent = await feed.publish([
      msg(s1, pA1, '2025-03-02T23:30'), // Sunday 21:30 UTC: the week before
      ev('conversation_started', s1, '2025-03-03T00:20', { conversationId: 'c1', personaId: pA1 }),
      msg(s1, pA1, '2025-03-03T00:30'), // Monday 00:30 Kigali, still Sunday 22:30 in UTC: this week
      msg(s1, pA1, '2025-03-04T10:00'),
      ev('conversation_started', s2, '2025-03-05T09:00', { conversationId: 'c2', personaId: pA2 }),
      msg(s2, pA2, '2025-03-05T09:01'),
      msg(s2, pA2, '2025-03-05T09:02', { role: 'assistant' }), // the persona's reply: not a message sent
      duplicate,
      duplicate, // published twice: the job id is the event id
      ev('login', teacherA, '2025-03-06T08:00'),
      ev('source_ready', teacherA, '2025-03-06T08:30', { sourceId: 'src1', personaId: pA1, kind: 'PDF' }),
      msg(s2, pA1, '2025-03-06T15:00'),
      ev('source_ready', teacherA, '2025-02-20T10:00', { sourceId: 'src0', personaId: pA1, kind: 'TEXT' }),
      ev('source_ready', teacherA, '2025-03-07T10:00', { sourceId: 'src0', personaId: pA1, kind: 'TEXT' }), // reindex of an older source
      ev('client:lesson_opened', s2, '2025-03-07T11:00', { lesson: 4 }), // client events make nobody active
      ev('source_failed', teacherA, '2025-03-07T12:00', { sourceId: 'src9', personaId: pA1, kind: 'PDF', error: 'unreadable' }),
      ev('source_ready', teacherA, '2025-03-08T12:00', { sourceId: 'src1', personaId: pA1, kind: 'PDF' }), // reindex: not a new source
      msg(s1, pA3, '2025-03-09T23:30'), // Sunday 23:30 Kigali: this week
      msg(s1, pA3, '2025-03-10T00:30'), // Monday 00:30 Kigali, Sunday 22:30 UTC: the next week
      // organization B, same week
      ev('conversation_started', studentB, '2025-03-04T08:00', { conversationId: 'cb', personaId: pB1 }),
      msg(studentB, pB1, '2025-03-04T08:01'),
      msg(studentB, pB1, '2025-03-04T08:02'),
      msg(studentB, pB1, '2025-03-04T08:03'),
      ev('source_ready', adminB, '2025-03-05T08:00', { sourceId: 'srcB', personaId: pB1, kind: 'DOCX' }),
    ]);
    await storedEvents(db, sent.map((e) => e.id));
    // the consumer sees the same event again under another job id, and skips it
    const again = await feed.redeliver(sent.find((e) => e.id === duplicate.id)!);
    expect(await feed.finished(again)).toBe('duplicate');
    const { rows } = await db.query('SELECT count(*)::int AS n FROM analytics_events WHERE id = $1', [duplicate.id]);
    expect(rows[0].n).toBe(1);
  });

  const expectedA = () => ({
    weekStart: '2025-03-03',
    weekEnd: '2025-03-09',
    timeZone: KIGALI,
    activeStudents: 2,
    messagesSent: 6,
    conversationsStarted: 2,
    knowledgeSourcesAdded: 1,
    topPersonas: [
      { persona: { id: pA1, name: 'Gabriel' }, messages: 3 },
      { persona: { id: pA2, name: 'Amina' }, messages: 2 },
      { persona: null, messages: 1 }, // the persona subgraph does not resolve pA3
    ],
    dailyActivity: [
      { date: '2025-03-03', messages: 1, activeUsers: 1 },
      { date: '2025-03-04', messages: 1, activeUsers: 1 },
      { date: '2025-03-05', messages: 2, activeUsers: 1 },
      { date: '2025-03-06', messages: 1, activeUsers: 2 },
      { date: '2025-03-07', messages: 0, activeUsers: 0 },
      { date: '2025-03-08', messages: 0, activeUsers: 0 },
      { date: '2025-03-09', messages: 1, activeUsers: 1 },
    ],
  });

  test('gives exactly the expected numbers, days cut at midnight Kigali time, duplicates once', async () => {
    const res = await adminA.client.request(WEEKLY_REPORT, { weekOf: '2025-03-05T12:00:00Z' });
    const { generatedAt, ...numbers } = res.data!.weeklyReport;
    expect(numbers).toEqual(expectedA());
    expect(Date.parse(generatedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  test('any instant of the week gives the same week, the boundary instants included', async () => {
    const mondayStart = await teacherA.client.ok(WEEKLY_REPORT, { weekOf: '2025-03-02T22:00:00Z' }); // Monday 00:00 Kigali
    const sundayEnd = await teacherA.client.ok(WEEKLY_REPORT, { weekOf: '2025-03-09T21:59:59Z' }); // Sunday 23:59:59 Kigali
    const nextWeek = await teacherA.client.ok(WEEKLY_REPORT, { weekOf: '2025-03-09T22:00:00Z' });
    expect([mondayStart.weeklyReport.weekStart, sundayEnd.weeklyReport.weekStart, sundayEnd.weeklyReport.messagesSent]).toEqual([WEEK, WEEK, 6]);
    expect(nextWeek.weeklyReport).toMatchObject({ weekStart: '2025-03-10', weekEnd: '2025-03-16', messagesSent: 1, activeStudents: 1 });
    expect(nextWeek.weeklyReport.dailyActivity[0]).toEqual({ date: '2025-03-10', messages: 1, activeUsers: 1 });
  });

  test('organization B sees only its own week, and never appears in A', async () => {
    const { weeklyReport } = await adminB.client.ok(WEEKLY_REPORT, { weekOf: '2025-03-03T12:00:00Z' });
    expect(weeklyReport).toMatchObject({ activeStudents: 1, messagesSent: 3, conversationsStarted: 1, knowledgeSourcesAdded: 1, topPersonas: [{ persona: { id: pB1, name: 'Kalisa' }, messages: 3 }] });
    expect(weeklyReport.dailyActivity[1]).toEqual({ date: '2025-03-04', messages: 3, activeUsers: 1 });
    const a = await adminA.client.ok(WEEKLY_REPORT, { weekOf: '2025-03-03T12:00:00Z' });
    expect(JSON.stringify(a)).not.toContain(pB1);
  });

  test('without weekOf it is the last full week', async () => {
    const { weeklyReport } = await adminA.client.ok(WEEKLY_REPORT);
    expect(weeklyReport.weekStart).toBe(lastFullWeekStart(new Date(), KIGALI));
    expect(weeklyReport.dailyActivity).toHaveLength(7);
  });
});

describe('weeklyReport access and input', () => {
  test('students are refused, anonymous callers are unauthenticated', async () => {
    expect(codes(await s1.client.request(WEEKLY_REPORT, {}))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.client().request(WEEKLY_REPORT, {}))).toEqual(['UNAUTHENTICATED']);
  });

  test('a week that has not started yet is bad input', async () => {
    const future = new Date(Date.now() + 10 * 86_400_000).toISOString();
    expect(codes(await adminA.client.request(WEEKLY_REPORT, { weekOf: future }))).toEqual(['BAD_USER_INPUT']);
  });

  test('a malformed weekOf is bad input, at the subgraph and through the gateway', async () => {
    // the gateway does not parse custom scalars: the subgraph refuses with HTTP 400 and the gateway passes its code on
    const direct = new GraphQLClient(`${stack.url('analytics')}/graphql`, adminA.token);
    const query = 'query($weekOf: DateTime) { weeklyReport(weekOf: $weekOf) { weekStart } }';
    expect(codes(await direct.request(query, { weekOf: 'last tuesday' }))).toEqual(['BAD_USER_INPUT']);
    const res = await adminA.client.request(query, { weekOf: 'last tuesday' });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.message).toMatch(/weekOf|DateTime/);
  });
});

describe('stored weekly reports', () => {
  const STORED_WEEK = '2025-04-07';
  let reports: Queue;
  let reportEvents: QueueEvents;
  let connection: ReturnType<typeof createRedis>;
  let listening: ReturnType<typeof createRedis>;

  beforeAll(async () => {
    connection = createRedis(stack.env.REDIS_URL!, { forQueues: true });
    listening = createRedis(stack.env.REDIS_URL!, { forQueues: true });
    reports = new Queue(REPORTS_QUEUE, { connection, prefix: stack.env.REDIS_KEY_PREFIX });
    reportEvents = new QueueEvents(REPORTS_QUEUE, { connection: listening, prefix: stack.env.REDIS_KEY_PREFIX });
    await reportEvents.waitUntilReady();
  });
  afterAll(async () => {
    await reportEvents?.close();
    await reports?.close();
    connection?.disconnect();
    listening?.disconnect();
  });

  test('the worker registers a repeatable job for Monday mornings in the organization time zone', async () => {
    const schedulers = await reports.getJobSchedulers();
    expect(schedulers).toEqual([expect.objectContaining({ key: WEEKLY_REPORTS_JOB, pattern: '30 0 * * 1', tz: KIGALI })]);
  });

  test('the job stores each organization’s week, and the query serves the stored report afterwards', async () => {
    const first = await feed.publish([msg(s1, pA1, '2025-04-08T10:00'), msg(s2, pA2, '2025-04-09T10:00'), msg(studentB, pB1, '2025-04-09T11:00')]);
    await storedEvents(db, first.map((e) => e.id));
    const job = await reports.add(WEEKLY_REPORTS_JOB, { weekOf: '2025-04-10' });
    await job.waitUntilFinished(reportEvents, 20_000);
    const stored = await db.query(
      `SELECT org_id::text, report, generated_at FROM analytics_weekly_reports WHERE week_start = $1 AND org_id = ANY($2::uuid[]) ORDER BY org_id`,
      [STORED_WEEK, [adminA.orgId, adminB.orgId]],
    );
    expect(stored.rows.map((r) => [r.org_id, r.report.messagesSent]).sort()).toEqual(
      [[adminA.orgId, 2], [adminB.orgId, 1]].sort(),
    );
    // an event that arrives late changes the live numbers but not the stored report
    const late = await feed.publish([msg(s1, pA1, '2025-04-11T10:00')]);
    await storedEvents(db, late.map((e) => e.id));
    const { weeklyReport } = await adminA.client.ok(WEEKLY_REPORT, { weekOf: '2025-04-07T12:00:00Z' });
    const storedA = stored.rows.find((r) => r.org_id === adminA.orgId)!;
    expect(weeklyReport).toMatchObject({ weekStart: STORED_WEEK, messagesSent: 2, activeStudents: 2 });
    expect(weeklyReport.generatedAt).toBe(storedA.generated_at.toISOString());
  });
});
