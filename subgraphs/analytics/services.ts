import type { AnalyticsDb } from './db.js';
import { DashboardService } from './dashboard/dashboard.service.js';
import { EventService } from './event/event.service.js';
import { ProgressService } from './progress/progress.service.js';
import { DailyActivityService } from './report/daily-activity.service.js';
import { WeeklyReportService } from './report/weekly-report.service.js';

/** The analytics services over one database, shared by the subgraph and the analytics worker. */
export function createAnalyticsServices(db: AnalyticsDb, zone: string) {
  const daily = new DailyActivityService(db, zone);
  return {
    events: new EventService(db),
    reports: new WeeklyReportService(db, daily, zone),
    progress: new ProgressService(db, zone),
    dashboards: new DashboardService(db, daily, zone),
  };
}
export type AnalyticsServices = ReturnType<typeof createAnalyticsServices>;
