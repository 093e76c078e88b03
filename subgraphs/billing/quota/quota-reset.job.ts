import { Queue, Worker } from 'bullmq';
import type { Logger } from '../../../internal/logger.js';
import { createRedis } from '../../../internal/redis.js';
import type { QuotaService } from './quota.service.js';

/** BullMQ queue (under REDIS_KEY_PREFIX) of the monthly reset; one scheduler id, so replicas never add a second one. */
export const QUOTA_RESET_QUEUE = 'billing-quota-reset';
export const QUOTA_RESET_SCHEDULER = 'monthly-quota-reset';

export interface QuotaResetJobOptions {
  redisUrl: string;
  prefix: string;
  /** cron pattern, evaluated in UTC (the month the counters use) */
  pattern: string;
}

export interface QuotaResetJob {
  queue: Queue;
  close(): Promise<void>;
}

/**
 * The repeatable job that resets message counters at each month's start
 * and prunes reservations that can no longer be released. Reservations do
 * not depend on it running on time: a counter of an earlier month counts
 * as 0 on its next use (QuotaService.reserve).
 */
export async function startQuotaResetJob(options: QuotaResetJobOptions, quotas: QuotaService, log: Logger): Promise<QuotaResetJob> {
  const queueConnection = createRedis(options.redisUrl, { name: 'billing-quota-reset', forQueues: true });
  const workerConnection = createRedis(options.redisUrl, { name: 'billing-quota-reset-worker', forQueues: true });
  const queue = new Queue(QUOTA_RESET_QUEUE, { connection: queueConnection, prefix: options.prefix });
  await queue.upsertJobScheduler(
    QUOTA_RESET_SCHEDULER,
    { pattern: options.pattern, tz: 'UTC' },
    { name: 'reset', opts: { removeOnComplete: 24, removeOnFail: 100, attempts: 5, backoff: { type: 'exponential', delay: 5_000 } } },
  );
  const worker = new Worker(QUOTA_RESET_QUEUE, async () => quotas.resetMonthly(new Date()), {
    connection: workerConnection,
    prefix: options.prefix,
    concurrency: 1,
  });
  worker.on('completed', (job, result) => log.info({ jobId: job.id, result }, 'quota counters reset'));
  worker.on('failed', (job, err) => log.error({ jobId: job?.id, err }, 'quota reset failed'));
  return {
    queue,
    async close() {
      await worker.close();
      await queue.close();
      queueConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}
