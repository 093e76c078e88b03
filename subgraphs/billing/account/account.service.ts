import { FREE_PLAN } from '../plan/plans.js';
import type { BillingDb, BillingTx } from '../db.js';
import { effectivePlan } from './effective-plan.js';
import { isUuid } from '../uuid.js';

export type AccountRow = NonNullable<Awaited<ReturnType<BillingDb['billingAccount']['findUnique']>>>;

/** Billing accounts: one per organization, created on the first write. */
export class AccountService {
  constructor(private readonly db: BillingDb) {}

  findByOrgIds(orgIds: readonly string[]) {
    return this.db.billingAccount.findMany({ where: { orgId: { in: orgIds.filter(isUuid) } } });
  }

  find(orgId: string) {
    return isUuid(orgId) ? this.db.billingAccount.findUnique({ where: { orgId } }) : Promise.resolve(null);
  }

  findByStripeCustomer(customerId: string, tx: BillingTx) {
    return tx.billingAccount.findUnique({ where: { stripeCustomerId: customerId } });
  }

  /** The plan whose limits apply to the organization now (free without an account). */
  async planOf(orgId: string) {
    return effectivePlan(await this.find(orgId));
  }

  /** Creates the free account if there is none; idempotent under concurrent calls. */
  async ensure(orgId: string, tx: BillingTx | BillingDb = this.db): Promise<void> {
    // INSERT … ON CONFLICT DO NOTHING: two first writes at once must not fail on the primary key
    await tx.$executeRaw`INSERT INTO billing_accounts (org_id, plan_id, updated_at)
      VALUES (${orgId}::uuid, ${FREE_PLAN.id}, CURRENT_TIMESTAMP) ON CONFLICT (org_id) DO NOTHING`;
  }

  /** Ensures the account and locks its row until the transaction ends: changes to one account happen one at a time. */
  async lock(orgId: string, tx: BillingTx): Promise<AccountRow> {
    await this.ensure(orgId, tx);
    await tx.$queryRaw`SELECT 1 FROM billing_accounts WHERE org_id = ${orgId}::uuid FOR UPDATE`;
    return (await tx.billingAccount.findUnique({ where: { orgId } }))!;
  }
}
