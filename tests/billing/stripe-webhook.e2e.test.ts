import Stripe from 'stripe';
import { codes, registerAdmin, addMember, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { billingOf, connectDb, PAYMENTS, publishedEvents } from './billing-helpers.js';
import { FAKE_PERIOD_END, startFakeStripe, type FakeStripe } from './fake-stripe.js';

const WEBHOOK_SECRET = 'whsec_test_billing_e2e';
let stack: Stack;
let stripe: FakeStripe;
let db: Awaited<ReturnType<typeof connectDb>>;
let seq = 0;

beforeAll(async () => {
  stripe = await startFakeStripe();
  stack = await Stack.start({
    subgraphs: ['identity', 'billing'],
    workers: [],
    env: { STRIPE_SECRET_KEY: 'sk_test_e2e', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: stripe.url },
  });
  db = await connectDb();
});
afterAll(async () => {
  await db?.end();
  await stack?.stop();
  await stripe?.close();
});

const T0 = Math.floor(Date.now() / 1000);
const webhookUrl = () => stack.gatewayUrl.replace(/\/graphql$/, '/webhooks/stripe');

function event(type: string, object: object, created: number, id = `evt_${++seq}_${Math.random().toString(36).slice(2)}`) {
  return { id, object: 'event', type, created, livemode: false, api_version: '2026-10-28.endive', data: { object } };
}

/** Delivers an event to the gateway's host as Stripe does: the JSON body and its signature header. */
async function deliver(payload: object, secret = WEBHOOK_SECRET) {
  const body = JSON.stringify(payload);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret });
  const res = await fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body });
  return { status: res.status, body: (await res.json()) as { outcome?: string; errors?: { extensions: { code: string } }[] } };
}

const subscription = (org: Session, id: string, fields: Partial<{ status: string; cancel_at_period_end: boolean; period_end: number; planId: string }> = {}) => ({
  id,
  object: 'subscription',
  customer: `cus_${org.orgId.slice(0, 8)}`,
  status: fields.status ?? 'active',
  cancel_at_period_end: fields.cancel_at_period_end ?? false,
  metadata: { orgId: org.orgId, planId: fields.planId ?? 'basic' },
  items: { object: 'list', data: [{ id: 'si_1', object: 'subscription_item', current_period_end: fields.period_end ?? T0 + 30 * 86400, price: { currency: 'usd', unit_amount: 2900 } }] },
});

const completedCheckout = (org: Session, subId: string, planId = 'basic') => ({
  id: `cs_${subId}`,
  object: 'checkout.session',
  mode: 'subscription',
  client_reference_id: org.orgId,
  customer: `cus_${org.orgId.slice(0, 8)}`,
  subscription: subId,
  metadata: { orgId: org.orgId, planId },
});

const invoice = (org: Session, subId: string, id: string) => ({
  id,
  object: 'invoice',
  customer: `cus_${org.orgId.slice(0, 8)}`,
  currency: 'usd',
  amount_paid: 2900,
  amount_due: 2900,
  parent: { type: 'subscription_details', subscription_details: { subscription: subId, metadata: { orgId: org.orgId, planId: 'basic' } } },
  lines: { object: 'list', data: [{ period: { start: T0, end: T0 + 31 * 86400 } }] },
});

async function subscribed(subId: string): Promise<Session> {
  const admin = await registerAdmin(stack.client());
  expect((await deliver(event('checkout.session.completed', completedCheckout(admin, subId), T0))).body.outcome).toBe('applied');
  return admin;
}

describe('startCheckout and cancelSubscription through the gateway', () => {
  test('an ADMIN gets a Stripe Checkout URL for a paid plan', async () => {
    const admin = await registerAdmin(stack.client());
    const data = await admin.client.ok(`mutation StartCheckout($planId: ID!) { startCheckout(planId: $planId) { url sessionId } }`, { planId: 'basic' });
    expect(data.startCheckout.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(stripe.requests.at(-1)!.form).toMatchObject({ client_reference_id: admin.orgId, 'metadata[planId]': 'basic', 'line_items[0][price_data][unit_amount]': '2900', customer_email: admin.email });
  });

  test('free or unknown plans are refused; a TEACHER may not start a checkout', async () => {
    const admin = await registerAdmin(stack.client());
    const teacher = await addMember(admin, 'TEACHER');
    const start = `mutation($planId: ID!) { startCheckout(planId: $planId) { url } }`;
    expect(codes(await admin.client.request(start, { planId: 'free' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await admin.client.request(start, { planId: 'platinum' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await teacher.client.request(start, { planId: 'basic' }))).toEqual(['FORBIDDEN']);
  });

  test('a passing Stripe hiccup is retried; a lasting failure reaches the client masked', async () => {
    const admin = await registerAdmin(stack.client());
    stripe.failNext('/v1/checkout/sessions', 500, { type: 'api_error', message: 'Stripe is down' });
    await admin.client.ok(`mutation { startCheckout(planId: "pro") { url } }`);
    stripe.failNext('/v1/checkout/sessions', 500, { type: 'api_error', message: 'Stripe is down' }, 3); // the first try and both retries
    const res = await admin.client.request(`mutation { startCheckout(planId: "pro") { url } }`);
    expect(codes(res)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(JSON.stringify(res.errors)).not.toMatch(/Stripe is down/);
  });

  test('cancelSubscription asks Stripe to cancel at the period end; the plan stays until then', async () => {
    const admin = await subscribed('sub_cancel_1');
    const data = await admin.client.ok(`mutation CancelSubscription { cancelSubscription { status cancelAtPeriodEnd currentPeriodEnd } }`);
    expect(stripe.requests.at(-1)).toMatchObject({ path: '/v1/subscriptions/sub_cancel_1', form: { cancel_at_period_end: 'true' } });
    expect(data.cancelSubscription).toEqual({ status: 'ACTIVE', cancelAtPeriodEnd: true, currentPeriodEnd: FAKE_PERIOD_END.toISOString() });
    expect((await billingOf(admin)).plan.id).toBe('basic');
  });

  test('cancelSubscription without a card subscription is refused', async () => {
    const admin = await registerAdmin(stack.client());
    expect(codes(await admin.client.request(`mutation { cancelSubscription { status } }`))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('POST /webhooks/stripe on the gateway host', () => {
  test('a correctly signed checkout.session.completed activates the plan and publishes plan_changed', async () => {
    const admin = await subscribed('sub_ok_1');
    expect(await billingOf(admin)).toMatchObject({ plan: { id: 'basic' }, status: 'ACTIVE', paidBy: 'CARD', usage: { messagesLimit: 1000, seatsLimit: 25 } });
    const events = await publishedEvents(stack.env.REDIS_KEY_PREFIX!, admin.orgId, 'plan_changed');
    expect(events.map((e) => e.payload)).toEqual([{ from: 'free', to: 'basic', source: 'stripe' }]);
  });

  test('a bad or missing signature is refused with 400 and changes nothing', async () => {
    const admin = await registerAdmin(stack.client());
    const payload = event('checkout.session.completed', completedCheckout(admin, 'sub_forged'), T0);
    expect((await deliver(payload, 'whsec_someone_else')).status).toBe(400);
    const unsigned = await fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    expect(unsigned.status).toBe(400);
    // a valid signature over other bytes: the body was altered on the way
    const body = JSON.stringify(payload);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET });
    const altered = await fetch(webhookUrl(), { method: 'POST', headers: { 'stripe-signature': signature }, body: body.replace('basic', 'pro') });
    expect(altered.status).toBe(400);
    expect((await billingOf(admin)).plan.id).toBe('free');
    expect((await db.query('SELECT 1 FROM billing_stripe_events WHERE id = $1', [payload.id])).rowCount).toBe(0);
  });

  test('a replayed event has no second effect: one payment per invoice', async () => {
    const admin = await subscribed('sub_replay_1');
    const paid = event('invoice.paid', invoice(admin, 'sub_replay_1', 'in_replay_1'), T0 + 5);
    expect((await deliver(paid)).body.outcome).toBe('applied');
    const again = await Promise.all([deliver(paid), deliver(paid)]);
    expect(again.map((r) => [r.status, r.body.outcome])).toEqual([[200, 'duplicate'], [200, 'duplicate']]);
    const payments = (await admin.client.ok(PAYMENTS, {})).payments.edges.map((e: { node: unknown }) => e.node);
    expect(payments).toEqual([expect.objectContaining({ method: 'CARD', reference: 'in_replay_1', amountCents: 2900, currency: 'USD', status: 'SUCCEEDED', plan: { id: 'basic' } })]);
    expect(await publishedEvents(stack.env.REDIS_KEY_PREFIX!, admin.orgId, 'plan_changed')).toHaveLength(1);
  });

  test('out-of-order subscription events: an older update arriving late changes nothing; deletion is final', async () => {
    const admin = await subscribed('sub_order_1');
    const newer = event('customer.subscription.updated', subscription(admin, 'sub_order_1', { cancel_at_period_end: true, period_end: T0 + 60 * 86400 }), T0 + 20);
    const older = event('customer.subscription.updated', subscription(admin, 'sub_order_1', { cancel_at_period_end: false, period_end: T0 + 30 * 86400 }), T0 + 10);
    expect((await deliver(newer)).body.outcome).toBe('applied');
    expect((await deliver(older)).body.outcome).toBe('ignored');
    expect(await billingOf(admin)).toMatchObject({ plan: { id: 'basic' }, cancelAtPeriodEnd: true, currentPeriodEnd: new Date((T0 + 60 * 86400) * 1000).toISOString() });

    expect((await deliver(event('customer.subscription.deleted', subscription(admin, 'sub_order_1', { status: 'canceled' }), T0 + 40))).body.outcome).toBe('applied');
    const lateUpdate = event('customer.subscription.updated', subscription(admin, 'sub_order_1', { status: 'active' }), T0 + 45);
    expect((await deliver(lateUpdate)).body.outcome).toBe('ignored');
    expect(await billingOf(admin)).toMatchObject({ plan: { id: 'free' }, status: 'CANCELED', paidBy: 'NONE', usage: { messagesLimit: 100 } });
    const changes = (await publishedEvents(stack.env.REDIS_KEY_PREFIX!, admin.orgId, 'plan_changed')).map((e) => e.payload);
    expect(changes).toEqual(expect.arrayContaining([{ from: 'free', to: 'basic', source: 'stripe' }, { from: 'basic', to: 'free', source: 'stripe' }]));
  });

  test('an update that arrives before checkout completion links the subscription; the late completion keeps the newer state', async () => {
    const admin = await registerAdmin(stack.client());
    const update = event('customer.subscription.updated', subscription(admin, 'sub_early_1', { planId: 'pro', cancel_at_period_end: true }), T0 + 10);
    expect((await deliver(update)).body.outcome).toBe('applied');
    expect((await deliver(event('checkout.session.completed', completedCheckout(admin, 'sub_early_1', 'pro'), T0))).body.outcome).toBe('applied');
    expect(await billingOf(admin)).toMatchObject({ plan: { id: 'pro' }, cancelAtPeriodEnd: true });
  });

  test('a failed invoice makes the account PAST_DUE; paying it restores ACTIVE and the history keeps one row', async () => {
    const admin = await subscribed('sub_dunning_1');
    expect((await deliver(event('invoice.payment_failed', invoice(admin, 'sub_dunning_1', 'in_dun_1'), T0 + 5))).body.outcome).toBe('applied');
    expect(await billingOf(admin)).toMatchObject({ status: 'PAST_DUE', plan: { id: 'basic' } });
    expect((await deliver(event('invoice.paid', invoice(admin, 'sub_dunning_1', 'in_dun_1'), T0 + 9))).body.outcome).toBe('applied');
    expect(await billingOf(admin)).toMatchObject({ status: 'ACTIVE', plan: { id: 'basic' } });
    const nodes = (await admin.client.ok(PAYMENTS, {})).payments.edges.map((e: { node: { reference: string; status: string } }) => [e.node.reference, e.node.status]);
    expect(nodes).toEqual([['in_dun_1', 'SUCCEEDED']]);
  });

  test('events of no known organization and unhandled types are acknowledged and ignored', async () => {
    const stranger = { id: 'sub_nobody', object: 'subscription', customer: 'cus_nobody', status: 'active', cancel_at_period_end: false, metadata: {}, items: { object: 'list', data: [] } };
    expect((await deliver(event('customer.subscription.updated', stranger, T0))).body.outcome).toBe('ignored');
    expect((await deliver(event('charge.refunded', { id: 'ch_1', object: 'charge' }, T0))).body.outcome).toBe('ignored');
  });
});
