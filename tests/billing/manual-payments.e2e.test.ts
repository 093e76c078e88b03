import { createBillingQuota } from '../../internal/quota/billing-quota.js';
import { addMember, codes, registerAdmin, REGISTER, STRONG_PASSWORD, uniqueEmail, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { billingOf, connectDb, PAYMENTS, publishedEvents, RECORD_MANUAL_PAYMENT } from './billing-helpers.js';

const OPERATOR_EMAIL = uniqueEmail('operator');
let stack: Stack;
let operator: Session;
let db: Awaited<ReturnType<typeof connectDb>>;
let refs = 0;

beforeAll(async () => {
  // no Stripe key: this installation takes manual payments only
  stack = await Stack.start({ subgraphs: ['identity', 'billing'], workers: [], env: { OPERATOR_EMAILS: ` someone@else.rw, ${OPERATOR_EMAIL.toUpperCase()} ` } });
  const data = await stack.client().ok(REGISTER, { input: { name: 'Olive Operator', email: OPERATOR_EMAIL, password: STRONG_PASSWORD, orgName: 'Bwenge Ltd' } });
  operator = { ...({} as Session), token: data.register.accessToken, orgId: data.register.user.organization.id, client: stack.client(data.register.accessToken) };
  db = await connectDb();
});
afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

const momo = (org: Session, fields: Record<string, unknown> = {}) => ({
  organizationId: org.orgId,
  planId: 'basic',
  amountCents: 3_000_000,
  currency: 'RWF',
  method: 'MTN_MOMO',
  reference: `MP${Date.now()}${++refs}`,
  phoneNumber: '+250 788 123 456',
  months: 1,
  ...fields,
});
const paymentRows = async (orgId: string) => Number((await db.query('SELECT count(*) FROM billing_payments WHERE org_id = $1', [orgId])).rows[0].count);

describe('recordManualPayment', () => {
  test('an operator records an MTN MoMo payment: the plan is active for the period and listed in the history', async () => {
    const school = await registerAdmin(stack.client());
    const input = momo(school);
    const { recordManualPayment } = await operator.client.ok(RECORD_MANUAL_PAYMENT, { input });
    expect(recordManualPayment).toMatchObject({ amountCents: 3_000_000, currency: 'RWF', method: 'MTN_MOMO', reference: input.reference, status: 'SUCCEEDED', months: 1, plan: { id: 'basic' } });
    const billing = await billingOf(school);
    expect(billing).toMatchObject({ plan: { id: 'basic' }, status: 'ACTIVE', paidBy: 'MANUAL', cancelAtPeriodEnd: false, usage: { messagesLimit: 1000, seatsLimit: 25 } });
    const days = (new Date(billing.currentPeriodEnd).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(27);
    expect(days).toBeLessThan(32);
    const history = (await school.client.ok(PAYMENTS, {})).payments.edges.map((e: { node: { reference: string } }) => e.node.reference);
    expect(history).toEqual([input.reference]);
    const events = await publishedEvents(stack.env.REDIS_KEY_PREFIX!, school.orgId, 'plan_changed');
    expect(events.map((e) => e.payload)).toEqual([{ from: 'free', to: 'basic', source: 'manual' }]);
    // the quota service applies the new plan's limits at once
    const quota = createBillingQuota({ billingUrl: stack.url('billing') });
    expect(await quota.reserve({ orgId: school.orgId, metric: 'messages', amount: 500, token: school.token })).toMatchObject({ limit: 1000 });
  });

  test('a second payment for the same plan extends the period from its end', async () => {
    const school = await registerAdmin(stack.client());
    const first = (await operator.client.ok(RECORD_MANUAL_PAYMENT, { input: momo(school, { method: 'BANK_TRANSFER', phoneNumber: null }) })).recordManualPayment;
    const second = (await operator.client.ok(RECORD_MANUAL_PAYMENT, { input: momo(school, { method: 'CASH', months: 2, phoneNumber: null }) })).recordManualPayment;
    const end = new Date(first.periodEnd);
    end.setUTCMonth(end.getUTCMonth() + 2);
    expect(second.periodEnd).toBe(end.toISOString());
    expect((await billingOf(school)).currentPeriodEnd).toBe(second.periodEnd);
  });

  test('a school admin who is not an operator is FORBIDDEN; anonymous is UNAUTHENTICATED; nothing is written', async () => {
    const school = await registerAdmin(stack.client());
    expect(codes(await school.client.request(RECORD_MANUAL_PAYMENT, { input: momo(school) }))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.client().request(RECORD_MANUAL_PAYMENT, { input: momo(school) }))).toEqual(['UNAUTHENTICATED']);
    expect(await paymentRows(school.orgId)).toBe(0);
    expect((await billingOf(school)).plan.id).toBe('free');
  });

  test('a duplicate reference is refused clearly and changes nothing', async () => {
    const school = await registerAdmin(stack.client());
    const input = momo(school);
    await operator.client.ok(RECORD_MANUAL_PAYMENT, { input });
    const before = await billingOf(school);
    const duplicate = await operator.client.request(RECORD_MANUAL_PAYMENT, { input: { ...input, planId: 'pro', amountCents: 10_000_000 } });
    expect(codes(duplicate)).toEqual(['BAD_USER_INPUT']);
    expect(duplicate.errors![0]!.extensions).toMatchObject({ field: 'reference', reason: 'DUPLICATE_REFERENCE' });
    expect(duplicate.errors![0]!.message).toContain(input.reference);
    expect(await billingOf(school)).toEqual(before);
    expect(await paymentRows(school.orgId)).toBe(1);
    // another organization cannot reuse it either
    const other = await registerAdmin(stack.client());
    expect(codes(await operator.client.request(RECORD_MANUAL_PAYMENT, { input: { ...input, organizationId: other.orgId } }))).toEqual(['BAD_USER_INPUT']);
    expect(await paymentRows(other.orgId)).toBe(0);
  });

  test.each([
    ['mobile money without a phone number', { phoneNumber: null }, 'phoneNumber'],
    ['a card payment', { method: 'CARD' }, 'method'],
    ['the free plan', { planId: 'free' }, 'planId'],
    ['an unknown currency', { currency: 'EUR' }, 'currency'],
    ['a zero amount', { amountCents: 0 }, 'amountCents'],
    ['too many months', { months: 48 }, 'months'],
    ['a malformed organization id', { organizationId: 'school-1' }, 'organizationId'],
  ])('%s is refused with the field named', async (_case, fields, field) => {
    const school = await registerAdmin(stack.client());
    const res = await operator.client.request(RECORD_MANUAL_PAYMENT, { input: momo(school, fields) });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await paymentRows(school.orgId)).toBe(0);
  });

  test('a lapsed manual period falls back to the free plan and its limits', async () => {
    const school = await registerAdmin(stack.client());
    await operator.client.ok(RECORD_MANUAL_PAYMENT, { input: momo(school, { planId: 'pro', amountCents: 10_000_000 }) });
    expect((await billingOf(school)).plan.id).toBe('pro');
    await db.query(`UPDATE billing_accounts SET current_period_end = now() - interval '1 minute' WHERE org_id = $1`, [school.orgId]);
    expect(await billingOf(school)).toMatchObject({ plan: { id: 'free' }, paidBy: 'NONE', currentPeriodEnd: null, usage: { messagesLimit: 100 } });
  });
});

describe('payments history and card payments on a manual-only installation', () => {
  test('payments are paginated, newest first, and only the ADMIN of the organization sees them', async () => {
    const school = await registerAdmin(stack.client());
    const other = await registerAdmin(stack.client());
    const teacher = await addMember(school, 'TEACHER');
    const references: string[] = [];
    for (let i = 0; i < 3; i++) references.push((await operator.client.ok(RECORD_MANUAL_PAYMENT, { input: momo(school, { method: 'CASH', phoneNumber: null }) })).recordManualPayment.reference);
    const page1 = (await school.client.ok(PAYMENTS, { first: 2 })).payments;
    const page2 = (await school.client.ok(PAYMENTS, { first: 2, after: page1.pageInfo.endCursor })).payments;
    expect([...page1.edges, ...page2.edges].map((e: { node: { reference: string } }) => e.node.reference)).toEqual(references.reverse());
    expect([page1.pageInfo.hasNextPage, page2.pageInfo.hasNextPage]).toEqual([true, false]);
    expect((await other.client.ok(PAYMENTS, {})).payments.edges).toEqual([]);
    expect(codes(await teacher.client.request(PAYMENTS, {}))).toEqual(['FORBIDDEN']);
  });

  test('startCheckout without a Stripe key fails with MANUAL_PAYMENT_REQUIRED naming the manual methods', async () => {
    const admin = await registerAdmin(stack.client());
    const res = await admin.client.request(`mutation { startCheckout(planId: "basic") { url sessionId } }`);
    expect(codes(res)).toEqual(['MANUAL_PAYMENT_REQUIRED']);
    expect(res.errors![0]!.extensions!.manualMethods).toEqual(['MTN_MOMO', 'AIRTEL_MONEY', 'BANK_TRANSFER', 'CASH']);
    expect(res.errors![0]!.message).toMatch(/MTN MoMo, Airtel Money, bank transfer or cash/);
  });

  test('the webhook answers 503 when no webhook secret is configured', async () => {
    const res = await fetch(`${stack.url('billing')}/webhooks/stripe`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(503);
  });
});
