import { BadInput } from '../../../internal/errors.js';
import type { QuotaMetric } from '../../../internal/quota/quota.js';

export type PlanId = 'free' | 'basic' | 'pro' | 'enterprise';
export type Currency = 'USD' | 'RWF';
export const CURRENCIES: readonly Currency[] = ['USD', 'RWF'];

/** A currency code from a client: USD or RWF, any case; BAD_USER_INPUT naming `field` otherwise. */
export function parseCurrency(value: string, field = 'currency'): Currency {
  const code = value.trim().toUpperCase();
  if (!CURRENCIES.includes(code as Currency)) throw BadInput(`${field} must be one of ${CURRENCIES.join(', ')}`, { field });
  return code as Currency;
}

const MB = 1024 * 1024;
const GB = 1024 * MB;

export interface PlanDefinition {
  id: PlanId;
  name: string;
  /** monthly price per currency, in hundredths of the unit (USD cents; RWF × 100) */
  monthlyPriceCents: Record<Currency, number>;
  /** null: unlimited */
  limits: Record<QuotaMetric, number | null>;
}

/** The plans of REQUIREMENTS §3 billing, cheapest first. */
export const PLANS: readonly PlanDefinition[] = [
  { id: 'free', name: 'Free', monthlyPriceCents: { USD: 0, RWF: 0 }, limits: { messages: 100, storageBytes: 100 * MB, seats: 5 } },
  { id: 'basic', name: 'Basic', monthlyPriceCents: { USD: 29_00, RWF: 30_000_00 }, limits: { messages: 1_000, storageBytes: GB, seats: 25 } },
  { id: 'pro', name: 'Pro', monthlyPriceCents: { USD: 99_00, RWF: 100_000_00 }, limits: { messages: 10_000, storageBytes: 10 * GB, seats: 100 } },
  { id: 'enterprise', name: 'Enterprise', monthlyPriceCents: { USD: 299_00, RWF: 300_000_00 }, limits: { messages: null, storageBytes: null, seats: null } },
];

export const FREE_PLAN = PLANS[0]!;

export function findPlan(id: string): PlanDefinition | undefined {
  return PLANS.find((plan) => plan.id === id);
}

/** A stored plan id that no longer exists counts as free rather than failing every request. */
export function planOrFree(id: string): PlanDefinition {
  return findPlan(id) ?? FREE_PLAN;
}

/** The cheapest plan whose limit for `metric` holds `needed`: the plan a QUOTA_EXCEEDED error points to. */
export function planThatLifts(metric: QuotaMetric, needed: number): PlanDefinition {
  return PLANS.find((plan) => plan.limits[metric] === null || plan.limits[metric]! >= needed) ?? PLANS[PLANS.length - 1]!;
}

const METRIC_WORDS: Record<QuotaMetric, { what: string; unit: (n: number) => string }> = {
  messages: { what: 'monthly message limit', unit: (n) => `${n.toLocaleString('en-US')} messages per month` },
  storageBytes: { what: 'storage limit', unit: (n) => formatBytes(n) },
  seats: { what: 'seat limit', unit: (n) => `${n.toLocaleString('en-US')} seats` },
};

export function describeLimit(metric: QuotaMetric, limit: number | null): string {
  return limit === null ? 'unlimited' : METRIC_WORDS[metric].unit(limit);
}

/** "The Free plan's monthly message limit (100 messages per month) is reached; the Basic plan allows 1,000 messages per month." */
export function quotaMessage(metric: QuotaMetric, plan: PlanDefinition, lifting: PlanDefinition): string {
  const words = METRIC_WORDS[metric];
  return (
    `The ${plan.name} plan's ${words.what} (${describeLimit(metric, plan.limits[metric])}) is reached; ` +
    `the ${lifting.name} plan allows ${describeLimit(metric, lifting.limits[metric])}`
  );
}

function formatBytes(bytes: number): string {
  return bytes >= GB ? `${bytes / GB} GB` : `${bytes / MB} MB`;
}
