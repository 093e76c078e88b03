import { USER_MESSAGE } from '../activity.sql.js';
import { daysEndingWith, localDate } from '../calendar.js';
import type { AnalyticsDb } from '../db.js';
import type { DailyActivityService, DayActivity } from '../report/daily-activity.service.js';

export interface DashboardData {
  totals: { users: number; personas: number; knowledgeSources: number; messages: number };
  last7Days: DayActivity[];
}

/** The organization at a glance: all-time totals and the last 7 local days. */
export class DashboardService {
  constructor(
    private readonly db: AnalyticsDb,
    private readonly daily: DailyActivityService,
    private readonly zone: string,
  ) {}

  async dashboard(orgId: string, now = new Date()): Promise<DashboardData> {
    const [first] = daysEndingWith(localDate(now, this.zone), 7);
    const [[totals], period] = await Promise.all([
      this.db.$queryRaw<DashboardData['totals'][]>`
        SELECT
          (SELECT count(*)::int FROM analytics_users u WHERE u.org_id = ${orgId}::uuid) AS users,
          (SELECT count(DISTINCT coalesce(e.subject_id, e.id))::int
             FROM analytics_events e
            WHERE e.org_id = ${orgId}::uuid AND e.type = 'persona_created'
              AND NOT EXISTS (SELECT 1 FROM analytics_events d
                               WHERE d.org_id = e.org_id AND d.type = 'persona_deleted' AND d.subject_id = e.subject_id)) AS personas,
          (SELECT count(DISTINCT coalesce(e.subject_id, e.id))::int
             FROM analytics_events e
            WHERE e.org_id = ${orgId}::uuid AND e.type = 'source_ready'
              AND NOT EXISTS (SELECT 1 FROM analytics_events d
                               WHERE d.org_id = e.org_id AND d.type = 'source_deleted' AND d.subject_id = e.subject_id)) AS "knowledgeSources",
          (SELECT count(*)::int FROM analytics_events e WHERE e.org_id = ${orgId}::uuid AND ${USER_MESSAGE}) AS messages`,
      this.daily.period(orgId, first!, 7),
    ]);
    return { totals: totals!, last7Days: period.days };
  }
}
