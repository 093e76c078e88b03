import type Stripe from 'stripe';
import { findPlan, PLANS } from '../plan/plans.js';

/** An id from a Stripe field that is either the id or the expanded object. */
export const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? value : value.id;

// Stripe amounts are in the currency's smallest unit; zero-decimal currencies (RWF) have none
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

/** Stripe amount → our hundredths of the unit. */
export const toHundredths = (amount: number, currency: string) => (ZERO_DECIMAL.has(currency.toLowerCase()) ? amount * 100 : amount);

/** The plan a subscription pays for: our metadata, else the USD price of its first item. */
export function planOfSubscription(sub: Stripe.Subscription): string | null {
  const fromMetadata = sub.metadata?.planId;
  if (fromMetadata && findPlan(fromMetadata)) return fromMetadata;
  const price = sub.items?.data?.[0]?.price;
  if (price?.currency === 'usd') return PLANS.find((p) => p.id !== 'free' && p.monthlyPriceCents.USD === price.unit_amount)?.id ?? null;
  return null;
}

export interface InvoiceFacts {
  subscriptionId: string | null;
  customerId: string | null;
  orgId: string | null;
  planId: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
}

/** Where an invoice points (API ≥ 2025-03-31: subscription details live under `parent`). */
export function invoiceFacts(invoice: Stripe.Invoice): InvoiceFacts {
  const details = invoice.parent?.subscription_details ?? null;
  const period = invoice.lines?.data?.[0]?.period;
  return {
    subscriptionId: idOf(details?.subscription as string | Stripe.Subscription | null | undefined),
    customerId: idOf(invoice.customer as string | Stripe.Customer | null),
    orgId: details?.metadata?.orgId ?? null,
    planId: details?.metadata?.planId ?? null,
    periodStart: period ? new Date(period.start * 1000) : null,
    periodEnd: period ? new Date(period.end * 1000) : null,
  };
}
