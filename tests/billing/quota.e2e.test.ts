import { AppError } from '../../internal/errors.js';
import { createBillingQuota, type BillingQuota } from '../../internal/quota/billing-quota.js';
import { addMember, registerAdmin, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { billingOf, connectDb } from './billing-helpers.js';

let stack: Stack;
let quota: BillingQuota;
let db: Awaited<ReturnType<typeof connectDb>>;

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'billing'], workers: [] });
  quota = createBillingQuota({ billingUrl: stack.url('billing') });
  db = await connectDb();
});
afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

const reserve = (s: Session, metric: 'messages' | 'storageBytes' | 'seats', amount: number) => quota.reserve({ orgId: s.orgId, metric, amount, token: s.token });

/** The error a rejected reservation carries. */
const errorOf = (result: PromiseSettledResult<unknown>) => (result.status === 'rejected' ? (result.reason as AppError) : null);

describe('quota reservations through the billing quota API', () => {
  test('50 concurrent reservations at 5 below the limit: exactly 5 succeed, the rest are QUOTA_EXCEEDED naming the plan', async () => {
    const admin = await registerAdmin(stack.client());
    await reserve(admin, 'messages', 95); // free plan: 100 messages a month
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => reserve(admin, 'messages', 1)));
    const refused = results.map(errorOf).filter((e): e is AppError => e !== null);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(refused).toHaveLength(45);
    for (const error of refused) {
      expect(error).toBeInstanceOf(AppError);
      expect(error.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 'messages', plan: 'free', upgradePlan: 'basic', limitValue: 100 });
    }
    expect(refused[0]!.message).toMatch(/Free plan's monthly message limit \(100 messages per month\).*Basic plan allows 1,000/);
    expect((await billingOf(admin)).usage.messagesUsed).toBe(100);
    const { rows } = await db.query(`SELECT count(*)::int AS n, sum(amount)::int AS total FROM billing_quota_reservations WHERE org_id = $1 AND released_at IS NULL`, [admin.orgId]);
    expect(rows[0]).toEqual({ n: 6, total: 100 }); // every counted unit has exactly one reservation
  });

  test('a released reservation gives its amount back once; another organization cannot release it', async () => {
    const admin = await registerAdmin(stack.client());
    const other = await registerAdmin(stack.client());
    const held = await reserve(admin, 'messages', 3);
    expect(held).toMatchObject({ used: 3, limit: 100 });
    expect(await quota.releaseById(held.id, other.token)).toBe(false);
    expect((await billingOf(admin)).usage.messagesUsed).toBe(3);
    await held.release();
    expect(await quota.releaseById(held.id, admin.token)).toBe(false);
    expect((await billingOf(admin)).usage.messagesUsed).toBe(0);
  });

  test('a reservation of last month released after the reset does not lower this month', async () => {
    const admin = await registerAdmin(stack.client());
    const old = await reserve(admin, 'messages', 10);
    await db.query(`UPDATE billing_usage SET period_start = period_start - interval '1 month' WHERE org_id = $1 AND metric = 'MESSAGES'`, [admin.orgId]);
    await db.query(`UPDATE billing_quota_reservations SET period_start = period_start - interval '1 month' WHERE id = $1`, [old.id]);
    expect((await billingOf(admin)).usage.messagesUsed).toBe(0); // last month's count does not show
    expect(await reserve(admin, 'messages', 2)).toMatchObject({ used: 2 }); // the counter restarts
    await old.release();
    expect((await billingOf(admin)).usage.messagesUsed).toBe(2);
  });

  test('storage: a reservation larger than the plan names the smallest plan that holds it', async () => {
    const admin = await registerAdmin(stack.client());
    await reserve(admin, 'storageBytes', 50 * 1024 * 1024);
    const error = await reserve(admin, 'storageBytes', 2 * 1024 ** 3).catch((e: AppError) => e);
    expect((error as AppError).extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 'storageBytes', plan: 'free', upgradePlan: 'pro' });
    expect((await billingOf(admin)).usage).toMatchObject({ storageBytesUsed: 50 * 1024 * 1024, storageBytesLimit: 100 * 1024 * 1024 });
  });

  test('bad requests: no token, a bad metric or amount, a role that may not reserve', async () => {
    const admin = await registerAdmin(stack.client());
    const student = await addMember(admin, 'STUDENT');
    const post = (body: unknown, token?: string) =>
      fetch(`${stack.url('billing')}/internal/quota/reserve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }).then(async (res) => [res.status, ((await res.json()) as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code ?? 'OK']);
    expect(await post({ metric: 'messages', amount: 1 })).toEqual([401, 'UNAUTHENTICATED']);
    expect(await post({ metric: 'messages', amount: 1 }, 'not.a.token')).toEqual([401, 'UNAUTHENTICATED']);
    expect(await post({ metric: 'tokens', amount: 1 }, admin.token)).toEqual([400, 'BAD_USER_INPUT']);
    expect(await post({ metric: 'messages', amount: 0 }, admin.token)).toEqual([400, 'BAD_USER_INPUT']);
    expect(await post({ metric: 'messages', amount: 1.5 }, admin.token)).toEqual([400, 'BAD_USER_INPUT']);
    expect(await post('{not json', admin.token)).toEqual([400, 'BAD_USER_INPUT']);
    expect(await post({ metric: 'seats', amount: 1 }, student.token)).toEqual([403, 'FORBIDDEN']);
    expect(await post({ metric: 'storageBytes', amount: 1 }, student.token)).toEqual([403, 'FORBIDDEN']);
    expect(await post({ metric: 'messages', amount: 1 }, student.token)).toEqual([200, 'OK']);
  });

  test('the client refuses a token of another organization than the one it reserves for, and keeps nothing', async () => {
    const a = await registerAdmin(stack.client());
    const b = await registerAdmin(stack.client());
    const error = await quota.reserve({ orgId: a.orgId, metric: 'messages', amount: 1, token: b.token }).catch((e: AppError) => e);
    expect((error as AppError).extensions.code).toBe('FORBIDDEN');
    expect((await billingOf(b)).usage.messagesUsed).toBe(0);
    expect((await billingOf(a)).usage.messagesUsed).toBe(0);
  });
});
