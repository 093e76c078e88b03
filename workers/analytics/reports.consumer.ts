import { Queue, Worker, type Job } from 'bullmq';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../../internal/logger.js';
import type { Redis } from '../../internal/redis.js';
import { processInSpan } from '../../internal/tracing/jobs.js';
import { isLocalDate, isoWeekStart, lastFullWeekStart } from '../../subgraphs/analytics/calendar.js';
import type { WeeklyReportService } from '../../subgraphs/analytics/report/weekly-report.service.js';

/** Queue (under REDIS_KEY_PREFIX) of the weekly report job. */
export const REPORTS_QUEUE = 'analytics-reports';
export const WEEKLY_REPORTS_JOB = 'weekly-reports';

export interface WeeklyReportsJob {
  /** any date of the week to store (YYYY-MM-DD); default: the last full week when the job runs */
  weekOf?: string;
}

export interface ReportsConsumerOptions {
  connection: Redis;
  prefix: string;
  cron: string;
  reports: WeeklyReportService;
  log: Logger;
  registry: Registry;
}

/**
 * A repeatable job (BullMQ job scheduler, one per queue whatever the number
 * of worker replicas) stores every organization's report of the week that
 * just ended; the weeklyReport query serves the stored one.
 */
export async function createReportsConsumer(options: ReportsConsumerOptions): Promise<{ worker: Worker; queue: Queue }> {
  const stored = new Counter({ name: 'analytics_weekly_reports_stored_total', help: 'Weekly reports stored', registers: [options.registry] });
  const queue = new Queue<WeeklyReportsJob>(REPORTS_QUEUE, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 100, removeOnFail: 100 },
  });
  await queue.upsertJobScheduler(WEEKLY_REPORTS_JOB, { pattern: options.cron, tz: options.reports.zone }, { name: WEEKLY_REPORTS_JOB, data: {} });
  const storeWeek = async (job: Job<WeeklyReportsJob>) => {
    const weekOf = job.data.weekOf;
    if (weekOf !== undefined && !isLocalDate(weekOf)) throw new Error(`weekOf must be YYYY-MM-DD, got ${weekOf}`);
    const weekStart = weekOf ? isoWeekStart(weekOf) : lastFullWeekStart(new Date(), options.reports.zone);
    const orgs = await options.reports.organizations(weekStart);
    // one at a time: a weekly batch has no hurry and must not crowd out event ingestion
    for (const orgId of orgs) {
      await options.reports.store(orgId, weekStart);
      stored.inc();
    }
    options.log.info({ weekStart, organizations: orgs.length }, 'weekly reports stored');
    return { weekStart, organizations: orgs.length };
  };
  // a span per run: its log lines carry a trace id, and a run queued by hand continues its caller's trace
  const worker = new Worker<WeeklyReportsJob>(REPORTS_QUEUE, (job) => processInSpan(job, () => storeWeek(job)), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: 1,
  });
  worker.on('failed', (job, err) => options.log.error({ jobId: job?.id, err }, 'weekly reports job failed'));
  worker.on('error', (err) => options.log.error({ err }, 'reports consumer error'));
  return { worker, queue };
}
