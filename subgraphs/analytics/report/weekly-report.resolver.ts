import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { BadInput } from '../../../internal/errors.js';
import { claimsOf } from '../../../internal/graphql/context.js';
import { isoWeekStart, lastFullWeekStart, localDate } from '../calendar.js';
import type { AnalyticsContext } from '../context.js';
import type { PersonaMessages, WeeklyReportData, WeeklyReportService } from './weekly-report.service.js';
import { WeeklyReport } from './weekly-report.type.js';

/** Persona ids become entity references; the gateway asks the persona subgraph for the rest. */
export const personaActivity = (rows: PersonaMessages[]) => rows.map((row) => ({ persona: { id: row.personaId }, messages: row.messages }));

export const toWeeklyReport = (data: WeeklyReportData): WeeklyReport => ({ ...data, topPersonas: personaActivity(data.topPersonas) });

@Resolver(() => WeeklyReport)
export class WeeklyReportResolver {
  constructor(private readonly reports: WeeklyReportService) {}

  @Query(() => WeeklyReport, {
    nullable: true,
    description: "The caller's organization's week (ADMIN, TEACHER). weekOf: any instant inside the ISO week; default: the last full week",
  })
  async weeklyReport(@Arg('weekOf', () => Date, { nullable: true }) weekOf: Date | null | undefined, @Ctx() ctx: AnalyticsContext) {
    const { org } = claimsOf(ctx);
    const zone = this.reports.zone;
    const now = new Date();
    const weekStart = weekOf ? isoWeekStart(localDate(weekOf, zone)) : lastFullWeekStart(now, zone);
    if (weekStart > localDate(now, zone)) throw BadInput('weekOf is in a week that has not started yet', { argument: 'weekOf' });
    return toWeeklyReport(await this.reports.report(org, weekStart));
  }
}
