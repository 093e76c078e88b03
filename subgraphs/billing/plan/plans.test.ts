import { findPlan, PLANS, planThatLifts, quotaMessage } from './plans.js';

test('plans have the limits and prices of the requirements', () => {
  expect(PLANS.map((p) => [p.id, p.limits.messages, p.limits.storageBytes, p.limits.seats, p.monthlyPriceCents.USD / 100, p.monthlyPriceCents.RWF / 100])).toEqual([
    ['free', 100, 100 * 2 ** 20, 5, 0, 0],
    ['basic', 1_000, 2 ** 30, 25, 29, 30_000],
    ['pro', 10_000, 10 * 2 ** 30, 100, 99, 100_000],
    ['enterprise', null, null, null, 299, 300_000],
  ]);
});

test('the plan that lifts a limit is the cheapest one that holds what is needed', () => {
  expect(planThatLifts('messages', 101).id).toBe('basic');
  expect(planThatLifts('messages', 1_001).id).toBe('pro');
  expect(planThatLifts('messages', 10_001).id).toBe('enterprise');
  expect(planThatLifts('storageBytes', 2 * 2 ** 30).id).toBe('pro');
  expect(planThatLifts('seats', 26).id).toBe('pro');
});

test('the QUOTA_EXCEEDED message names the limit, the plan and the plan that lifts it', () => {
  expect(quotaMessage('storageBytes', findPlan('basic')!, findPlan('pro')!)).toBe(
    "The Basic plan's storage limit (1 GB) is reached; the Pro plan allows 10 GB",
  );
  expect(quotaMessage('seats', findPlan('pro')!, findPlan('enterprise')!)).toMatch(/Enterprise plan allows unlimited$/);
});
