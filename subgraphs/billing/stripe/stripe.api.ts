import Stripe from 'stripe';
import type { PlanDefinition } from '../plan/plans.js';

export interface SubscriptionState {
  id: string;
  status: 'ACTIVE' | 'PAST_DUE' | 'CANCELED';
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date | null;
}

export interface CheckoutRequest {
  orgId: string;
  plan: PlanDefinition;
  /** reused so an organization keeps one Stripe customer */
  customerId: string | null;
  customerEmail: string;
  successUrl: string;
  cancelUrl: string;
}

/** The Stripe calls billing makes; an adapter over the official SDK. */
export interface StripeApi {
  createCheckoutSession(request: CheckoutRequest): Promise<{ id: string; url: string }>;
  cancelAtPeriodEnd(subscriptionId: string): Promise<SubscriptionState>;
}

/** Stripe's subscription statuses → ours. incomplete/paused hold no paid access. */
export function subscriptionStatus(status: string): SubscriptionState['status'] {
  if (status === 'active' || status === 'trialing') return 'ACTIVE';
  if (status === 'past_due' || status === 'unpaid') return 'PAST_DUE';
  return 'CANCELED';
}

/** Since API 2025-03-31 the period lives on the subscription's items. */
export function subscriptionState(sub: Stripe.Subscription): SubscriptionState {
  const ends = sub.items?.data?.map((item) => item.current_period_end).filter((n): n is number => typeof n === 'number') ?? [];
  return {
    id: sub.id,
    status: subscriptionStatus(sub.status),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    currentPeriodEnd: ends.length ? new Date(Math.max(...ends) * 1000) : null,
  };
}

export interface StripeApiConfig {
  secretKey: string;
  /** e.g. https://api.stripe.com; tests use a local server speaking Stripe's wire format */
  apiUrl: string;
}

export function createStripeClient(config: StripeApiConfig): Stripe {
  const url = new URL(config.apiUrl);
  return new Stripe(config.secretKey, {
    host: url.hostname,
    port: url.port || (url.protocol === 'http:' ? 80 : 443),
    protocol: url.protocol === 'http:' ? 'http' : 'https',
    maxNetworkRetries: 2,
    timeout: 15_000,
    appInfo: { name: 'bwenge-billing' },
  });
}

export function createStripeApi(config: StripeApiConfig): StripeApi {
  const stripe = createStripeClient(config);
  return {
    async createCheckoutSession(request) {
      const metadata = { orgId: request.orgId, planId: request.plan.id };
      const session = await stripe.checkout.sessions.create({
        mode: 'subscription',
        client_reference_id: request.orgId,
        ...(request.customerId ? { customer: request.customerId } : { customer_email: request.customerEmail }),
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: 'usd',
              unit_amount: request.plan.monthlyPriceCents.USD,
              recurring: { interval: 'month' },
              product_data: { name: `Bwenge ${request.plan.name}` },
            },
          },
        ],
        metadata,
        subscription_data: { metadata },
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
      });
      if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
      return { id: session.id, url: session.url };
    },
    async cancelAtPeriodEnd(subscriptionId) {
      return subscriptionState(await stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true }));
    },
  };
}

/** Verifies the signature of a webhook delivery on its raw body (throws when it does not match). */
export function verifyWebhook(rawBody: Buffer, signature: string | undefined, secret: string): Stripe.Event {
  return Stripe.webhooks.constructEvent(rawBody, signature ?? '', secret);
}
