import type { Claims } from '../../../internal/auth/claims.js';
import { BadInput, ManualPaymentRequired } from '../../../internal/errors.js';
import type { AccountRow, AccountService } from '../account/account.service.js';
import type { BillingDb } from '../db.js';
import { findPlan } from '../plan/plans.js';
import type { StripeApi } from './stripe.api.js';

const MANUAL_METHODS = ['MTN_MOMO', 'AIRTEL_MONEY', 'BANK_TRANSFER', 'CASH'];

/** The error of every card operation on an installation without a Stripe key. */
export const manualPaymentRequired = () =>
  ManualPaymentRequired(
    'Card payments are not available here: pay by MTN MoMo, Airtel Money, bank transfer or cash, and an operator records the payment to activate the plan',
    { manualMethods: MANUAL_METHODS },
  );

const hasLiveSubscription = (account: AccountRow | null) => !!account?.stripeSubscriptionId && account.status !== 'CANCELED';

export interface CheckoutUrls {
  successUrl: string;
  cancelUrl: string;
}

/** Card payments: Stripe Checkout to subscribe, cancellation at the period's end. */
export class CheckoutService {
  constructor(
    private readonly db: BillingDb,
    private readonly accounts: AccountService,
    private readonly stripe: StripeApi | null,
    private readonly urls: CheckoutUrls,
  ) {}

  async start(admin: Claims, planId: string) {
    if (!this.stripe) throw manualPaymentRequired();
    const plan = findPlan(planId);
    if (!plan || plan.id === 'free') throw BadInput('planId must be basic, pro or enterprise', { field: 'planId' });
    await this.accounts.ensure(admin.org);
    const account = await this.accounts.find(admin.org);
    if (hasLiveSubscription(account)) {
      throw BadInput('This organization already has a card subscription; cancel it before subscribing to another plan', { field: 'planId', reason: 'SUBSCRIPTION_EXISTS' });
    }
    const session = await this.stripe.createCheckoutSession({
      orgId: admin.org,
      plan,
      customerId: account?.stripeCustomerId ?? null,
      customerEmail: admin.email,
      ...this.urls,
    });
    return { url: session.url, sessionId: session.id };
  }

  /** Stops renewal: the plan stays until currentPeriodEnd, then Stripe deletes the subscription (webhook). */
  async cancel(admin: Claims) {
    const account = await this.accounts.find(admin.org);
    if (!account || !hasLiveSubscription(account)) {
      throw BadInput('There is no card subscription to cancel; a manually paid plan simply ends at currentPeriodEnd', { reason: 'NO_SUBSCRIPTION' });
    }
    if (!this.stripe) throw manualPaymentRequired();
    const state = await this.stripe.cancelAtPeriodEnd(account.stripeSubscriptionId!);
    return this.db.billingAccount.update({
      where: { orgId: admin.org },
      data: { cancelAtPeriodEnd: state.cancelAtPeriodEnd, currentPeriodEnd: state.currentPeriodEnd ?? account.currentPeriodEnd },
    });
  }
}
