import type { EventPublisher } from '../../../internal/events/events.js';
import { effectivePlan, type AccountState } from './effective-plan.js';

export interface PlanChange {
  orgId: string;
  from: string;
  to: string;
  source: 'stripe' | 'manual';
  userId: string | null;
}

/** The change of effective plan between two states of an account, if there is one. */
export function planChange(
  orgId: string,
  before: AccountState | null,
  after: AccountState | null,
  source: PlanChange['source'],
  userId: string | null = null,
): PlanChange | null {
  const from = effectivePlan(before).id;
  const to = effectivePlan(after).id;
  return from === to ? null : { orgId, from, to, source, userId };
}

/** Publishes `plan_changed` once the change is committed (publishing never throws). */
export async function publishPlanChanges(events: EventPublisher, changes: (PlanChange | null)[]): Promise<void> {
  for (const change of changes) {
    if (!change) continue;
    await events.publish({ type: 'plan_changed', orgId: change.orgId, userId: change.userId, payload: { from: change.from, to: change.to, source: change.source } });
  }
}
