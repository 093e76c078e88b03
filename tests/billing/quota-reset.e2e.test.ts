import { Queue } from 'bullmq';
import { createBillingQuota, type BillingQuota } from '../../internal/quota/billing-quota.js';
import { createRedis, type Redis } from '../../internal/redis.js';
import { QUOTA_RESET_QUEUE, QUOTA_RESET_SCHEDULER } from '../../subgraphs/billing/quota/quota-reset.job.js';
import { registerAdmin, type Session } from '../support/client.js';
import { Stack } from '../support/stack.js';
import { testRun } from '../support/test-env.js';
import { billingOf, connectDb } from './billing-helpers.js';

let stack: Stack;
let quota: BillingQuota;
let db: Awaited<ReturnType<typeof connectDb>>;
let connection: Redis;
let queue: Queue;

beforeAll(async () => {
  stack = await Stack.start({ subgraphs: ['identity', 'billing'], workers: [] });
  quota = createBillingQuota({ billingUrl: stack.url('billing') });
  db = await connectDb();
  connection = createRedis(testRun().redisUrl, { forQueues: true });
  queue = new Queue(QUOTA_RESET_QUEUE, { connection, prefix: stack.env.REDIS_KEY_PREFIX });
});
afterAll(async () => {
  await queue?.close();
  connection?.disconnect();
  await db?.end();
  await stack?.stop();
});

/** An organization that used 40 messages last month (as the clock would have it) and 1234 bytes of storage. */
async function usedLastMonth(): Promise<Session> {
  const admin = await registerAdmin(stack.client());
  await quota.reserve({ orgId: admin.orgId, metric: 'messages', amount: 40, token: admin.token });
  await quota.reserve({ orgId: admin.orgId, metric: 'storageBytes', amount: 1234, token: admin.token });
  await db.query(`UPDATE billing_usage SET period_start = period_start - interval '1 month' WHERE org_id = $1 AND metric = 'MESSAGES'`, [admin.orgId]);
  await db.query(`UPDATE billing_quota_reservations SET period_start = period_start - interval '1 month' WHERE org_id = $1 AND metric = 'MESSAGES'`, [admin.orgId]);
  return admin;
}

const counter = async (orgId: string, metric: string) =>
  (await db.query(`SELECT used::int, period_start FROM billing_usage WHERE org_id = $1 AND metric = $2`, [orgId, metric])).rows[0];

describe('monthly quota reset', () => {
  test('billing schedules one repeatable job, at 00:00 UTC on the first of each month, under the stack’s Redis prefix', async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toEqual([expect.objectContaining({ key: QUOTA_RESET_SCHEDULER, pattern: '0 0 1 * *', tz: 'UTC' })]);
  });

  test('the job resets message counters of earlier months, keeps storage, and prunes reservations that can no longer be released', async () => {
    const admin = await usedLastMonth();
    const released = await quota.reserve({ orgId: admin.orgId, metric: 'storageBytes', amount: 10, token: admin.token });
    await released.release();
    await queue.add('reset', {});
    const deadline = Date.now() + 10_000;
    while ((await counter(admin.orgId, 'MESSAGES')).used !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const messages = await counter(admin.orgId, 'MESSAGES');
    expect(messages.used).toBe(0);
    expect(new Date(messages.period_start).getUTCDate()).toBe(1);
    expect((await counter(admin.orgId, 'STORAGE_BYTES')).used).toBe(1234);
    const left = await db.query(`SELECT metric, amount::int FROM billing_quota_reservations WHERE org_id = $1`, [admin.orgId]);
    expect(left.rows).toEqual([{ metric: 'STORAGE_BYTES', amount: 1234 }]);
  });

  test('before the job has run, last month’s messages already count as zero', async () => {
    const admin = await usedLastMonth();
    expect((await billingOf(admin)).usage.messagesUsed).toBe(0);
    expect(await quota.reserve({ orgId: admin.orgId, metric: 'messages', amount: 100, token: admin.token })).toMatchObject({ used: 100, limit: 100 });
    await expect(quota.reserve({ orgId: admin.orgId, metric: 'messages', amount: 1, token: admin.token })).rejects.toMatchObject({ extensions: { code: 'QUOTA_EXCEEDED' } });
  });

  test('a second run in the same month changes nothing', async () => {
    const admin = await registerAdmin(stack.client());
    await quota.reserve({ orgId: admin.orgId, metric: 'messages', amount: 3, token: admin.token });
    const job = await queue.add('reset', {});
    const deadline = Date.now() + 10_000;
    while (!(await job.isCompleted()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await job.isCompleted()).toBe(true);
    expect((await counter(admin.orgId, 'MESSAGES')).used).toBe(3);
  });
});
