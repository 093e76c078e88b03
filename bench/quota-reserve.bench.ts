import { AppError } from '../internal/errors.js';
import { createBillingQuota } from '../internal/quota/billing-quota.js';
import { REGISTER, registerAdmin, STRONG_PASSWORD, uniqueEmail } from '../tests/support/client.js';
import { Stack } from '../tests/support/stack.js';
import { load, withBenchEnvironment } from './harness.js';

/**
 * Quota reservations per second under contention: `concurrency` callers
 * (default 50) reserve 1 message each for ONE organization through billing's
 * quota API, as conversation's sendMessage will. Every reservation updates
 * the same counter row, so this measures the serialized hot path.
 * Phases: (1) enterprise plan, nothing refused; (2) free plan at its limit,
 * every call refused (QUOTA_EXCEEDED) — the cost of saying no.
 * Usage: npm run bench:quota [-- seconds concurrency]
 */
async function main() {
  const seconds = Number(process.argv[2] ?? 10);
  const concurrency = Number(process.argv[3] ?? 50);
  await withBenchEnvironment(async () => {
    const operatorEmail = uniqueEmail('operator');
    const stack = await Stack.start({ subgraphs: ['identity', 'billing'], workers: [], env: { OPERATOR_EMAILS: operatorEmail } });
    try {
      const quota = createBillingQuota({ billingUrl: stack.url('billing') });
      const operator = (await stack.client().ok(REGISTER, { input: { name: 'Operator', email: operatorEmail, password: STRONG_PASSWORD, orgName: 'Ops' } })).register;
      const school = await registerAdmin(stack.client());
      await stack.client(operator.accessToken).ok(
        `mutation($input: ManualPaymentInput!) { recordManualPayment(input: $input) { id } }`,
        { input: { organizationId: school.orgId, planId: 'enterprise', amountCents: 29_900, currency: 'USD', method: 'BANK_TRANSFER', reference: `BENCH-${Date.now()}` } },
      );
      const reserveOne = (token: string, orgId: string) => async () => {
        await quota.reserve({ orgId, metric: 'messages', amount: 1, token });
      };
      await load(reserveOne(school.token, school.orgId), concurrency, 2); // warm-up
      const granted = await load(reserveOne(school.token, school.orgId), concurrency, seconds);

      const full = await registerAdmin(stack.client());
      await quota.reserve({ orgId: full.orgId, metric: 'messages', amount: 100, token: full.token });
      let refusals = 0;
      const refused = await load(async () => {
        try {
          await quota.reserve({ orgId: full.orgId, metric: 'messages', amount: 1, token: full.token });
        } catch (err) {
          if (err instanceof AppError && err.code === 'QUOTA_EXCEEDED') refusals += 1;
          else throw err;
        }
      }, concurrency, seconds);
      const used = (await full.client.ok(`{ billing { usage { messagesUsed } } }`)).billing.usage.messagesUsed;
      console.log(JSON.stringify({ concurrency, seconds, reservationsGranted: granted, reservationsRefusedAtLimit: { ...refused, quotaExceeded: refusals, usedAfter: used } }, null, 2));
    } finally {
      await stack.stop();
    }
  });
}

void main();
