import type { UsageByMetric } from '../quota/quota.service.js';
import { nextMonthStart, periodStartOf } from '../quota/metrics.js';
import { toPlan } from '../plan/plan.type.js';
import type { PlanDefinition } from '../plan/plans.js';
import type { AccountRow } from './account.service.js';
import { BillingStatus, PaidBy, type BillingAccount, type Usage } from './account.type.js';
import { effectivePlan } from './effective-plan.js';

/** The GraphQL view of an organization's account (no row yet: the free plan). */
export function toBillingAccount(orgId: string, row: AccountRow | null, now = new Date()): BillingAccount {
  const plan = effectivePlan(row, now);
  const lapsed = !!row && plan.id !== row.planId; // a manual period ran out, or the subscription was canceled
  const paidBy = !row || plan.id === 'free' ? PaidBy.NONE : row.stripeSubscriptionId ? PaidBy.CARD : PaidBy.MANUAL;
  return {
    orgId,
    plan: toPlan(plan),
    status: row?.status ?? BillingStatus.ACTIVE,
    currentPeriodEnd: lapsed && row.status !== BillingStatus.CANCELED ? null : (row?.currentPeriodEnd ?? null),
    cancelAtPeriodEnd: lapsed ? false : (row?.cancelAtPeriodEnd ?? false),
    paidBy,
  };
}

export function toUsage(used: UsageByMetric, plan: PlanDefinition, now = new Date()): Usage {
  return {
    messagesUsed: used.messages,
    messagesLimit: plan.limits.messages,
    storageBytesUsed: used.storageBytes,
    storageBytesLimit: plan.limits.storageBytes,
    seatsUsed: used.seats,
    seatsLimit: plan.limits.seats,
    periodStart: periodStartOf('messages', now),
    periodEnd: nextMonthStart(now),
  };
}
