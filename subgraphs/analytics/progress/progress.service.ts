import { localDay, USER_ACTIVITY, USER_MESSAGE } from '../activity.sql.js';
import { localDate } from '../calendar.js';
import type { AnalyticsDb } from '../db.js';
import type { PersonaMessages } from '../report/weekly-report.service.js';
import { engagementScore, trend, type Trend } from './progress.rules.js';

export interface ProgressData {
  studentId: string;
  messagesSent: number;
  conversations: number;
  activeDays: number;
  lastActiveAt: Date | null;
  engagementScore: number;
  trend: Trend;
  personas: PersonaMessages[];
}

interface StatsRow {
  user_id: string;
  messages_sent: number;
  conversations: number;
  active_days: number;
  last_active_at: Date | null;
  active_days_28: number;
  messages_28: number;
  conversations_28: number;
  messages_this_week: number;
  messages_last_week: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

/** Student progress for many students at once (one query per kind, grouped by user), for DataLoader. */
export class ProgressService {
  constructor(
    private readonly db: AnalyticsDb,
    private readonly zone: string,
  ) {}

  /** Progress of each id, in order; a student without events gets zeros. */
  async progressOf(orgId: string, studentIds: readonly string[], now = new Date()): Promise<ProgressData[]> {
    const ids = studentIds.filter(isUuid).map((id) => id.toLowerCase());
    const today = localDate(now, this.zone);
    const [stats, personas] = await Promise.all([
      this.db.$queryRaw<StatsRow[]>`
        SELECT ev.user_id::text AS user_id,
               count(*) FILTER (WHERE ev.user_message)::int AS messages_sent,
               count(DISTINCT ev.subject) FILTER (WHERE ev.type = 'conversation_started')::int AS conversations,
               count(DISTINCT ev.day) FILTER (WHERE ev.activity)::int AS active_days,
               max(ev.occurred_at) FILTER (WHERE ev.activity) AS last_active_at,
               count(DISTINCT ev.day) FILTER (WHERE ev.activity AND ev.day > ev.today - 28)::int AS active_days_28,
               count(*) FILTER (WHERE ev.user_message AND ev.day > ev.today - 28)::int AS messages_28,
               count(DISTINCT ev.subject) FILTER (WHERE ev.type = 'conversation_started' AND ev.day > ev.today - 28)::int AS conversations_28,
               count(*) FILTER (WHERE ev.user_message AND ev.day > ev.today - 7)::int AS messages_this_week,
               count(*) FILTER (WHERE ev.user_message AND ev.day > ev.today - 14 AND ev.day <= ev.today - 7)::int AS messages_last_week
          FROM (SELECT e.user_id, e.type, e.occurred_at, ${localDay(this.zone)} AS day, ${today}::date AS today,
                       ${USER_MESSAGE} AS user_message, ${USER_ACTIVITY} AS activity, coalesce(e.subject_id, e.id) AS subject
                  FROM analytics_events e
                 WHERE e.org_id = ${orgId}::uuid AND e.user_id = ANY(${ids}::uuid[])) ev
         GROUP BY ev.user_id`,
      this.db.$queryRaw<{ user_id: string; persona_id: string; messages: number }[]>`
        SELECT e.user_id::text AS user_id, e.persona_id, count(*)::int AS messages
          FROM analytics_events e
         WHERE e.org_id = ${orgId}::uuid AND e.user_id = ANY(${ids}::uuid[]) AND ${USER_MESSAGE} AND e.persona_id IS NOT NULL
         GROUP BY e.user_id, e.persona_id
         ORDER BY messages DESC, e.persona_id`,
    ]);
    const statsByUser = new Map(stats.map((row) => [row.user_id, row]));
    const personasByUser = new Map<string, PersonaMessages[]>();
    for (const p of personas) {
      const list = personasByUser.get(p.user_id) ?? [];
      list.push({ personaId: p.persona_id, messages: p.messages });
      personasByUser.set(p.user_id, list);
    }
    return studentIds.map((studentId) => {
      const row = statsByUser.get(studentId.toLowerCase());
      return {
        studentId,
        messagesSent: row?.messages_sent ?? 0,
        conversations: row?.conversations ?? 0,
        activeDays: row?.active_days ?? 0,
        lastActiveAt: row?.last_active_at ?? null,
        engagementScore: engagementScore({ activeDays: row?.active_days_28 ?? 0, messages: row?.messages_28 ?? 0, conversations: row?.conversations_28 ?? 0 }),
        trend: trend(row?.messages_this_week ?? 0, row?.messages_last_week ?? 0),
        personas: personasByUser.get(studentId.toLowerCase()) ?? [],
      };
    });
  }

  /** The ids that belong to the organization: registered there, or seen acting there. */
  async membersOf(orgId: string, userIds: readonly string[]): Promise<Set<string>> {
    const ids = userIds.filter(isUuid).map((id) => id.toLowerCase());
    if (!ids.length) return new Set();
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      SELECT c.id::text AS id
        FROM unnest(${ids}::uuid[]) AS c(id)
       WHERE EXISTS (SELECT 1 FROM analytics_users u WHERE u.user_id = c.id AND u.org_id = ${orgId}::uuid)
          OR EXISTS (SELECT 1 FROM analytics_events e WHERE e.org_id = ${orgId}::uuid AND e.user_id = c.id)`;
    return new Set(rows.map((r) => r.id));
  }
}
