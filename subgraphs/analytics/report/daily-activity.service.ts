import { localDay, localMidnight, USER_ACTIVITY, USER_MESSAGE } from '../activity.sql.js';
import type { LocalDate } from '../calendar.js';
import type { AnalyticsDb } from '../db.js';

export interface DayActivity {
  date: LocalDate;
  messages: number;
  activeUsers: number;
}

export interface PeriodActivity {
  days: DayActivity[];
  /** over the whole period: distinct users, not a sum of the days */
  total: { messages: number; activeUsers: number; activeStudents: number; conversationsStarted: number };
}

interface Row {
  is_total: boolean;
  day: string | null;
  messages: number;
  active_users: number;
  active_students: number;
  conversations: number;
}

/** Per-day and whole-period activity of one organization, in one GROUPING SETS pass over the period's events. */
export class DailyActivityService {
  constructor(
    private readonly db: AnalyticsDb,
    private readonly zone: string,
  ) {}

  async period(orgId: string, first: LocalDate, days: number): Promise<PeriodActivity> {
    const zone = this.zone;
    const rows = await this.db.$queryRaw<Row[]>`
      WITH stats AS (
        SELECT GROUPING(ev.day) = 1 AS is_total, ev.day,
               count(*) FILTER (WHERE ev.user_message)::int AS messages,
               count(DISTINCT ev.user_id) FILTER (WHERE ev.activity)::int AS active_users,
               count(DISTINCT ev.user_id) FILTER (WHERE ev.activity AND ev.role = 'STUDENT')::int AS active_students,
               count(DISTINCT ev.subject) FILTER (WHERE ev.type = 'conversation_started')::int AS conversations
          FROM (
            SELECT ${localDay(zone)} AS day, e.user_id, e.type, u.role,
                   ${USER_MESSAGE} AS user_message, ${USER_ACTIVITY} AS activity,
                   coalesce(e.subject_id, e.id) AS subject
              FROM analytics_events e
              LEFT JOIN analytics_users u ON u.user_id = e.user_id AND u.org_id = e.org_id
             WHERE e.org_id = ${orgId}::uuid
               AND e.occurred_at >= ${localMidnight(first, zone)}
               AND e.occurred_at < ${localMidnight(first, zone, days)}
          ) ev
         GROUP BY GROUPING SETS ((ev.day), ())
      )
      SELECT false AS is_total, d.day::text AS day,
             coalesce(s.messages, 0) AS messages, coalesce(s.active_users, 0) AS active_users,
             coalesce(s.active_students, 0) AS active_students, coalesce(s.conversations, 0) AS conversations
        FROM (SELECT ${first}::date + i AS day FROM generate_series(0, ${days - 1}::int) AS i) d
        LEFT JOIN stats s ON NOT s.is_total AND s.day = d.day
      UNION ALL
      SELECT true, NULL, messages, active_users, active_students, conversations FROM stats WHERE is_total
      ORDER BY is_total, day`;
    const total = rows.find((r) => r.is_total)!;
    return {
      days: rows.filter((r) => !r.is_total).map((r) => ({ date: r.day!, messages: r.messages, activeUsers: r.active_users })),
      total: { messages: total.messages, activeUsers: total.active_users, activeStudents: total.active_students, conversationsStarted: total.conversations },
    };
  }
}
