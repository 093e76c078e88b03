import { randomUUID } from 'node:crypto';
import type { QuotaMetric } from '../../../internal/quota/quota.js';
import { QuotaExceeded } from '../../../internal/errors.js';
import type { AccountService } from '../account/account.service.js';
import type { BillingDb } from '../db.js';
import { isUuid } from '../uuid.js';
import { planThatLifts, quotaMessage, type PlanDefinition } from '../plan/plans.js';
import { BASELINE, DB_METRIC, periodStartOf, QUOTA_METRICS } from './metrics.js';

export interface Reservation {
  reservationId: string;
  orgId: string;
  metric: QuotaMetric;
  amount: number;
  /** the counter after this reservation */
  used: number;
  /** null: unlimited */
  limit: number | null;
  planId: string;
}

export type UsageByMetric = Record<QuotaMetric, number>;

// timestamps travel as ISO text cast to timestamp(3): the columns hold UTC without a zone, as Prisma writes them
const ts = (date: Date) => date.toISOString();

/**
 * Usage counters and reservations. Each change to a counter is ONE SQL
 * statement whose condition is evaluated on the locked, latest row
 * (INSERT … ON CONFLICT DO UPDATE … WHERE), so concurrent reservations
 * never overshoot the limit; the reservation row is written by the same
 * statement, so a counted reservation can always be released, once.
 */
export class QuotaService {
  constructor(
    private readonly db: BillingDb,
    private readonly accounts: AccountService,
  ) {}

  /** Reserves `amount` of `metric` for the organization, or throws QUOTA_EXCEEDED naming the plan that lifts the limit. */
  async reserve(orgId: string, metric: QuotaMetric, amount: number, now = new Date()): Promise<Reservation> {
    const plan = await this.accounts.planOf(orgId);
    const limit = plan.limits[metric];
    const period = ts(periodStartOf(metric, now));
    const id = randomUUID();
    const first = BASELINE[metric] + amount;
    // a counter of an earlier month restarts at `amount` (the monthly reset, even if the reset job is late)
    const rows = await this.db.$queryRaw<{ used: bigint }[]>`
      WITH bumped AS (
        INSERT INTO billing_usage AS u (org_id, metric, period_start, used, updated_at)
        SELECT ${orgId}::uuid, ${DB_METRIC[metric]}::"QuotaMetric", ${period}::timestamp(3), ${first}::bigint, CURRENT_TIMESTAMP
        WHERE ${limit}::bigint IS NULL OR ${first}::bigint <= ${limit}::bigint
        ON CONFLICT (org_id, metric) DO UPDATE SET
          used = CASE WHEN u.period_start < EXCLUDED.period_start THEN ${amount}::bigint ELSE u.used + ${amount}::bigint END,
          period_start = GREATEST(u.period_start, EXCLUDED.period_start),
          updated_at = CURRENT_TIMESTAMP
        WHERE ${limit}::bigint IS NULL
           OR (CASE WHEN u.period_start < EXCLUDED.period_start THEN ${amount}::bigint ELSE u.used + ${amount}::bigint END) <= ${limit}::bigint
        RETURNING u.used, u.period_start
      ), held AS (
        INSERT INTO billing_quota_reservations (id, org_id, metric, amount, period_start, created_at)
        SELECT ${id}::uuid, ${orgId}::uuid, ${DB_METRIC[metric]}::"QuotaMetric", ${amount}::bigint, period_start, CURRENT_TIMESTAMP FROM bumped
      )
      SELECT used FROM bumped`;
    const row = rows[0];
    if (!row) throw await this.exceeded(orgId, metric, amount, plan);
    return { reservationId: id, orgId, metric, amount, used: Number(row.used), limit, planId: plan.id };
  }

  /**
   * Gives a reservation back: only the caller's organization's, only once,
   * and only into the period it was taken from (a message reserved last
   * month does not lower this month's count). Returns whether it released.
   */
  async release(orgId: string, reservationId: string): Promise<boolean> {
    const rows = await this.db.$queryRaw<{ released: number }[]>`
      WITH released AS (
        UPDATE billing_quota_reservations SET released_at = CURRENT_TIMESTAMP
        WHERE id = ${reservationId}::uuid AND org_id = ${orgId}::uuid AND released_at IS NULL
        RETURNING org_id, metric, amount, period_start
      ), lowered AS (
        UPDATE billing_usage u SET used = GREATEST(u.used - r.amount, 0), updated_at = CURRENT_TIMESTAMP
        FROM released r
        WHERE u.org_id = r.org_id AND u.metric = r.metric AND u.period_start = r.period_start
      )
      SELECT count(*)::int AS released FROM released`;
    return (rows[0]?.released ?? 0) === 1;
  }

  /** Current usage per metric (a counter of an earlier month reads 0). */
  async usage(orgId: string, now = new Date()): Promise<UsageByMetric> {
    return (await this.usageMany([orgId], now))[0]!;
  }

  /** Usage of several organizations in one query, in the order asked (for the per-request loader). */
  async usageMany(orgIds: readonly string[], now = new Date()): Promise<UsageByMetric[]> {
    const rows = await this.db.billingUsage.findMany({ where: { orgId: { in: orgIds.filter(isUuid) } } });
    return orgIds.map((orgId) => {
      const usage = { ...BASELINE };
      for (const metric of QUOTA_METRICS) {
        const row = rows.find((r) => r.orgId === orgId && r.metric === DB_METRIC[metric]);
        if (row) usage[metric] = row.periodStart < periodStartOf(metric, now) ? 0 : Number(row.used);
      }
      return usage;
    });
  }

  /** The monthly reset: message counters of earlier months go to 0, and reservations that can no longer be released are dropped. */
  async resetMonthly(now = new Date()): Promise<{ countersReset: number; reservationsPruned: number }> {
    const month = ts(periodStartOf('messages', now));
    const [countersReset, pruned] = await this.db.$transaction([
      this.db.$executeRaw`UPDATE billing_usage SET used = 0, period_start = ${month}::timestamp(3), updated_at = CURRENT_TIMESTAMP
        WHERE metric = 'MESSAGES' AND period_start < ${month}::timestamp(3)`,
      this.db.$executeRaw`DELETE FROM billing_quota_reservations
        WHERE (metric = 'MESSAGES' AND period_start < ${month}::timestamp(3)) OR released_at IS NOT NULL`,
    ]);
    return { countersReset, reservationsPruned: pruned };
  }

  private async exceeded(orgId: string, metric: QuotaMetric, amount: number, plan: PlanDefinition) {
    const used = (await this.usage(orgId))[metric];
    const lifting = planThatLifts(metric, used + amount);
    return QuotaExceeded(quotaMessage(metric, plan, lifting), {
      limit: metric,
      limitValue: plan.limits[metric],
      used,
      requested: amount,
      plan: plan.id,
      upgradePlan: lifting.id,
    });
  }
}
