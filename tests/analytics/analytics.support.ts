import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, type Job } from 'bullmq';
import pg from 'pg';
import { createEventPublisher, EVENTS_QUEUE, type DomainEvent, type EventPublisher } from '../../internal/events/events.js';
import { createLogger } from '../../internal/logger.js';
import { createRedis } from '../../internal/redis.js';
import { addDays, localDate } from '../../subgraphs/analytics/calendar.js';
import type { GraphQLClient } from '../support/client.js';
import type { Stack } from '../support/stack.js';
import { testRun } from '../support/test-env.js';

export const KIGALI = 'Africa/Kigali';

/** A Kigali wall-clock time ('2025-03-03T00:30') as the UTC instant publishers put in occurredAt (Kigali is UTC+2, no DST). */
export const kigali = (wallClock: string) => new Date(`${wallClock}:00+02:00`).toISOString();

/** Noon in Kigali, `days` local days before today. */
export function daysAgo(days: number, time = '12:00'): string {
  return kigali(`${addDays(localDate(new Date(), KIGALI), -days)}T${time}`);
}

export type TestEvent = Omit<DomainEvent, 'id' | 'occurredAt'> & { id?: string; occurredAt?: string };

/** Publishes through the shared publisher (internal/events), as every subgraph does, into the stack's queue. */
export class EventFeed {
  private readonly publisher: EventPublisher;
  private readonly raw: Queue;
  private readonly connection;
  private readonly listenConnection;
  private readonly events: QueueEvents;

  constructor(readonly stack: Stack) {
    const log = createLogger('test-feed', 'silent');
    const config = { redisUrl: stack.env.REDIS_URL!, prefix: stack.env.REDIS_KEY_PREFIX! };
    this.publisher = createEventPublisher(config, log);
    this.connection = createRedis(config.redisUrl, { forQueues: true });
    this.raw = new Queue(EVENTS_QUEUE, { connection: this.connection, prefix: config.prefix });
    this.listenConnection = createRedis(config.redisUrl, { forQueues: true });
    this.events = new QueueEvents(EVENTS_QUEUE, { connection: this.listenConnection, prefix: config.prefix });
  }

  /** Resolves with what the consumer returned for the job ('stored' or 'duplicate'); rejects when it failed. */
  async finished(job: Job): Promise<unknown> {
    await this.events.waitUntilReady();
    return job.waitUntilFinished(this.events, 20_000);
  }

  /** Publishes each event (ids are made up when missing) and returns the events as sent. */
  async publish(events: TestEvent[]): Promise<DomainEvent[]> {
    const sent = events.map((e) => ({ ...e, id: e.id ?? randomUUID(), occurredAt: e.occurredAt ?? new Date().toISOString() }) as DomainEvent);
    for (const event of sent) await this.publisher.publish(event);
    return sent;
  }

  /** The same event delivered again under another job id: what a retry after a crash looks like to the consumer. */
  async redeliver(event: DomainEvent): Promise<Job> {
    await this.events.waitUntilReady();
    return this.raw.add(event.type, event, { jobId: `${event.id}-again-${randomUUID().slice(0, 6)}` });
  }

  /** A job whose data is not a valid envelope. */
  async addRaw(data: unknown): Promise<Job> {
    await this.events.waitUntilReady();
    return this.raw.add('garbage', data, { jobId: randomUUID() });
  }

  queue(): Queue {
    return this.raw;
  }

  async close() {
    await this.publisher.close();
    await this.events.close();
    await this.raw.close();
    this.connection.disconnect();
    this.listenConnection.disconnect();
  }
}

export async function connectDb(): Promise<pg.Client> {
  const db = new pg.Client({ connectionString: testRun().databaseUrl });
  await db.connect();
  return db;
}

/** Polls until `check` returns a truthy value (the worker runs in its own process). */
export async function eventually<T>(check: () => Promise<T>, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the worker has stored every one of these event ids. */
export async function storedEvents(db: pg.Client, ids: string[]): Promise<void> {
  await eventually(async () => {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM analytics_events WHERE id = ANY($1)', [ids]);
    return rows[0]!.n === new Set(ids).size;
  }, `${ids.length} events to be stored`);
}

/** Waits until the worker has learnt these users from identity's user_registered events. */
export async function knownUsers(db: pg.Client, userIds: string[]): Promise<void> {
  await eventually(async () => {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM analytics_users WHERE user_id = ANY($1::uuid[])', [userIds]);
    return rows[0]!.n === userIds.length;
  }, 'user_registered events to be stored');
}

export const WEEKLY_REPORT = /* GraphQL */ `
  query WeeklyReport($weekOf: DateTime) {
    weeklyReport(weekOf: $weekOf) {
      weekStart weekEnd timeZone generatedAt
      activeStudents messagesSent conversationsStarted knowledgeSourcesAdded
      topPersonas { persona { id name } messages }
      dailyActivity { date messages activeUsers }
    }
  }`;

export const STUDENT_PROGRESS = /* GraphQL */ `
  query StudentProgress($studentId: ID!) {
    studentProgress(studentId: $studentId) {
      student { id name }
      messagesSent conversations activeDays lastActiveAt engagementScore
      trend
      personas { persona { id name } messages }
    }
  }`;

export const DASHBOARD = /* GraphQL */ `
  query Dashboard {
    dashboard {
      totals { users personas knowledgeSources messages }
      last7Days { date messages activeUsers }
    }
  }`;

/** A real persona (the persona subgraph gives reports their names); returns its id. */
export async function createPersona(client: GraphQLClient, name: string): Promise<string> {
  const data = await client.ok(`mutation($input: CreatePersonaInput!) { createPersona(input: $input) { id } }`, { input: { name } });
  return data.createPersona.id;
}

export const TRACK_EVENT = /* GraphQL */ `
  mutation TrackEvent($input: TrackEventInput!) { trackEvent(input: $input) }`;
