import { findPlan } from '../../subgraphs/billing/plan/plans.js';
import { createStripeApi } from '../../subgraphs/billing/stripe/stripe.api.js';
import { FAKE_PERIOD_END, startFakeStripe, type FakeStripe } from './fake-stripe.js';

let stripe: FakeStripe;

beforeAll(async () => {
  stripe = await startFakeStripe();
});
afterAll(async () => {
  await stripe?.close();
});

const api = () => createStripeApi({ secretKey: 'sk_test_adapter', apiUrl: stripe.url });
const ORG = '6f1c1e2a-8d1b-4f0e-9a54-1f2b3c4d5e6f';
const checkoutRequest = { orgId: ORG, plan: findPlan('pro')!, customerId: null, customerEmail: 'admin@school.rw', successUrl: 'https://app.bwenge.rw/ok', cancelUrl: 'https://app.bwenge.rw/no' };

describe('Stripe API adapter against a server speaking Stripe’s wire format', () => {
  test('creates a subscription Checkout Session for the plan, tagged with the organization', async () => {
    const session = await api().createCheckoutSession(checkoutRequest);
    expect(session.url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const sent = stripe.requests.at(-1)!;
    expect([sent.method, sent.path]).toEqual(['POST', '/v1/checkout/sessions']);
    expect(sent.headers.authorization).toBe('Bearer sk_test_adapter');
    expect(sent.headers['stripe-version']).toBeTruthy();
    expect(sent.headers['idempotency-key']).toBeTruthy(); // the SDK retries POSTs safely
    expect(sent.form).toMatchObject({
      mode: 'subscription',
      client_reference_id: ORG,
      customer_email: 'admin@school.rw',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '9900',
      'line_items[0][price_data][recurring][interval]': 'month',
      'metadata[orgId]': ORG,
      'metadata[planId]': 'pro',
      'subscription_data[metadata][orgId]': ORG,
      success_url: 'https://app.bwenge.rw/ok',
      cancel_url: 'https://app.bwenge.rw/no',
    });
  });

  test('reuses the organization’s Stripe customer', async () => {
    await api().createCheckoutSession({ ...checkoutRequest, customerId: 'cus_123' });
    const form = stripe.requests.at(-1)!.form;
    expect(form.customer).toBe('cus_123');
    expect(form.customer_email).toBeUndefined();
  });

  test('cancels at the period end and reads the period from the subscription item', async () => {
    const state = await api().cancelAtPeriodEnd('sub_42');
    expect(stripe.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/subscriptions/sub_42', form: { cancel_at_period_end: 'true' } });
    expect(state).toEqual({ id: 'sub_42', status: 'ACTIVE', cancelAtPeriodEnd: true, currentPeriodEnd: FAKE_PERIOD_END });
  });

  test('a Stripe error answer is thrown as the SDK’s typed error', async () => {
    stripe.failNext('/v1/checkout/sessions', 400, { type: 'invalid_request_error', message: 'No such customer: cus_gone', code: 'resource_missing' });
    await expect(api().createCheckoutSession({ ...checkoutRequest, customerId: 'cus_gone' })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'resource_missing',
      message: 'No such customer: cus_gone',
    });
  });
});
