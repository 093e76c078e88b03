import { effectivePlan, type AccountState } from './effective-plan.js';

const now = new Date('2026-11-24T12:00:00Z');
const account = (fields: Partial<AccountState>): AccountState => ({ planId: 'pro', status: 'ACTIVE', currentPeriodEnd: null, stripeSubscriptionId: null, ...fields });

test('no account: free', () => expect(effectivePlan(null, now).id).toBe('free'));
test('a manual plan holds until its period end, then free', () => {
  expect(effectivePlan(account({ currentPeriodEnd: new Date('2026-12-01T00:00:00Z') }), now).id).toBe('pro');
  expect(effectivePlan(account({ currentPeriodEnd: new Date('2026-11-24T11:59:59Z') }), now).id).toBe('free');
});
test('a Stripe subscription is governed by its status, not the period end (renewal arrives by webhook)', () => {
  expect(effectivePlan(account({ stripeSubscriptionId: 'sub_1', currentPeriodEnd: new Date('2026-11-01T00:00:00Z') }), now).id).toBe('pro');
  expect(effectivePlan(account({ stripeSubscriptionId: 'sub_1', status: 'PAST_DUE' }), now).id).toBe('pro');
  expect(effectivePlan(account({ stripeSubscriptionId: 'sub_1', status: 'CANCELED' }), now).id).toBe('free');
});
test('an unknown stored plan id counts as free', () => expect(effectivePlan(account({ planId: 'gold' }), now).id).toBe('free'));
