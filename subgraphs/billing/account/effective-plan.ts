import { FREE_PLAN, planOrFree, type PlanDefinition } from '../plan/plans.js';

export interface AccountState {
  planId: string;
  status: 'ACTIVE' | 'PAST_DUE' | 'CANCELED';
  currentPeriodEnd: Date | null;
  stripeSubscriptionId: string | null;
}

/**
 * The plan whose limits apply now. A Stripe subscription is governed by
 * Stripe's own state (it renews itself; deletion arrives as an event), so
 * its period end is not a cut-off. A manually paid period ends at
 * currentPeriodEnd, after which the organization is back on free.
 */
export function effectivePlan(account: AccountState | null, now = new Date()): PlanDefinition {
  if (!account || account.status === 'CANCELED') return FREE_PLAN;
  if (!account.stripeSubscriptionId && account.currentPeriodEnd && account.currentPeriodEnd <= now) return FREE_PLAN;
  return planOrFree(account.planId);
}
