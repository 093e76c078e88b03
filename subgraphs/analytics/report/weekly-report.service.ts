import { localMidnight, USER_MESSAGE } from '../activity.sql.js';
import { addDays, type LocalDate } from '../calendar.js';
import type { AnalyticsDb } from '../db.js';
import type { DailyActivityService, DayActivity } from './daily-activity.service.js';

export const TOP_PERSONAS = 5;

export interface PersonaMessages {
  personaId: string;
  messages: number;
}

export interface WeeklyReportData {
  weekStart: LocalDate;
  weekEnd: LocalDate;
  timeZone: string;
  generatedAt: Date;
  activeStudents: number;
  messagesSent: number;
  conversationsStarted: number;
  knowledgeSourcesAdded: number;
  topPersonas: PersonaMessages[];
  dailyActivity: DayActivity[];
}

type StoredReport = Omit<WeeklyReportData, 'generatedAt'>;

const asDate = (day: LocalDate) => new Date(`${day}T00:00:00Z`);

/** Weekly reports: computed from events in SQL, stored by the Monday job, served stored when present. */
export class WeeklyReportService {
  constructor(
    private readonly db: AnalyticsDb,
    private readonly daily: DailyActivityService,
    readonly zone: string,
  ) {}

  /** The stored report of the week when the job made one, else computed now. */
  async report(orgId: string, weekStart: LocalDate): Promise<WeeklyReportData> {
    const stored = await this.db.analyticsWeeklyReport.findUnique({
      where: { orgId_weekStart_timeZone: { orgId, weekStart: asDate(weekStart), timeZone: this.zone } },
    });
    if (stored) return { ...(stored.report as unknown as StoredReport), generatedAt: stored.generatedAt };
    return this.compute(orgId, weekStart);
  }

  async compute(orgId: string, weekStart: LocalDate): Promise<WeeklyReportData> {
    const [period, [extra]] = await Promise.all([
      this.daily.period(orgId, weekStart, 7),
      this.db.$queryRaw<{ top_personas: PersonaMessages[]; sources_added: number }[]>`
        SELECT
          (SELECT coalesce(json_agg(json_build_object('personaId', t.persona_id, 'messages', t.messages) ORDER BY t.messages DESC, t.persona_id), '[]')
             FROM (SELECT e.persona_id, count(*)::int AS messages
                     FROM analytics_events e
                    WHERE e.org_id = ${orgId}::uuid AND e.type = 'message_sent' AND ${USER_MESSAGE} AND e.persona_id IS NOT NULL
                      AND e.occurred_at >= ${localMidnight(weekStart, this.zone)} AND e.occurred_at < ${localMidnight(weekStart, this.zone, 7)}
                    GROUP BY e.persona_id
                    ORDER BY messages DESC, e.persona_id
                    LIMIT ${TOP_PERSONAS}) t) AS top_personas,
          -- a source counts in the week its first source_ready falls in (a reindex is not a new source)
          (SELECT count(*)::int
             FROM (SELECT min(e.occurred_at) AS first_ready
                     FROM analytics_events e
                    WHERE e.org_id = ${orgId}::uuid AND e.type = 'source_ready' AND e.occurred_at < ${localMidnight(weekStart, this.zone, 7)}
                    GROUP BY coalesce(e.subject_id, e.id)) s
            WHERE s.first_ready >= ${localMidnight(weekStart, this.zone)}) AS sources_added`,
    ]);
    return {
      weekStart,
      weekEnd: addDays(weekStart, 6),
      timeZone: this.zone,
      generatedAt: new Date(),
      activeStudents: period.total.activeStudents,
      messagesSent: period.total.messages,
      conversationsStarted: period.total.conversationsStarted,
      knowledgeSourcesAdded: extra!.sources_added,
      topPersonas: extra!.top_personas,
      dailyActivity: period.days,
    };
  }

  /** Computes and stores the week's report (again, when the job runs twice: the later numbers win). */
  async store(orgId: string, weekStart: LocalDate): Promise<WeeklyReportData> {
    const { generatedAt, ...report } = await this.compute(orgId, weekStart);
    const key = { orgId, weekStart: asDate(weekStart), timeZone: this.zone };
    await this.db.analyticsWeeklyReport.upsert({
      where: { orgId_weekStart_timeZone: key },
      create: { ...key, report: report as object, generatedAt },
      update: { report: report as object, generatedAt },
    });
    return { ...report, generatedAt };
  }

  /** Every organization analytics knows: from registrations, plus any with events in the week. */
  async organizations(weekStart: LocalDate): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ org_id: string }[]>`
      SELECT org_id::text FROM analytics_users
      UNION
      SELECT DISTINCT e.org_id::text FROM analytics_events e
       WHERE e.occurred_at >= ${localMidnight(weekStart, this.zone)} AND e.occurred_at < ${localMidnight(weekStart, this.zone, 7)}`;
    return rows.map((r) => r.org_id);
  }
}
