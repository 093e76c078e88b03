import type Stripe from 'stripe';
import type { EventPublisher } from '../../../internal/events/events.js';
import type { Logger } from '../../../internal/logger.js';
import type { AccountRow, AccountService } from '../account/account.service.js';
import { planChange, publishPlanChanges, type PlanChange } from '../account/plan-changes.js';
import type { BillingDb, BillingTx } from '../db.js';
import type { PaymentService } from '../payment/payment.service.js';
import { findPlan } from '../plan/plans.js';
import { isUuid } from '../uuid.js';
import { subscriptionState } from './stripe.api.js';
import { idOf, invoiceFacts, planOfSubscription, toHundredths } from './stripe-objects.js';

export type EventOutcome = 'applied' | 'duplicate' | 'ignored';

type Applied = { outcome: EventOutcome; change: PlanChange | null };
const ignored: Applied = { outcome: 'ignored', change: null };

/**
 * Applies Stripe webhook events. Each event id is handled once: its row in
 * billing_stripe_events commits in the same transaction as its effects
 * (a concurrent second delivery waits on the primary key, then sees it).
 * Events arrive out of order, so subscription state only moves forward:
 * an event older (`created`) than the state already applied is ignored,
 * and a deleted subscription stays deleted.
 */
export class StripeEventService {
  constructor(
    private readonly db: BillingDb,
    private readonly accounts: AccountService,
    private readonly payments: PaymentService,
    private readonly events: EventPublisher,
    private readonly log: Logger,
  ) {}

  async handle(event: Stripe.Event): Promise<EventOutcome> {
    const created = new Date(event.created * 1000);
    const result = await this.db.$transaction(async (tx): Promise<Applied> => {
      const inserted = await tx.$executeRaw`INSERT INTO billing_stripe_events (id, type, created, processed_at)
        VALUES (${event.id}, ${event.type}, ${created.toISOString()}::timestamp(3), CURRENT_TIMESTAMP) ON CONFLICT (id) DO NOTHING`;
      if (inserted === 0) return { outcome: 'duplicate', change: null };
      return this.apply(tx, event, created);
    });
    await publishPlanChanges(this.events, [result.change]);
    this.log.info({ eventId: event.id, type: event.type, outcome: result.outcome }, 'stripe event');
    return result.outcome;
  }

  private apply(tx: BillingTx, event: Stripe.Event, created: Date): Promise<Applied> {
    switch (event.type) {
      case 'checkout.session.completed':
        return this.checkoutCompleted(tx, event.data.object, created);
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted':
        return this.subscriptionChanged(tx, event.data.object, created, event.type === 'customer.subscription.deleted');
      case 'invoice.paid':
      case 'invoice.payment_failed':
        return this.invoice(tx, event.data.object, created, event.type === 'invoice.paid');
      default:
        return Promise.resolve(ignored);
    }
  }

  private async checkoutCompleted(tx: BillingTx, session: Stripe.Checkout.Session, created: Date): Promise<Applied> {
    const orgId = session.client_reference_id ?? session.metadata?.orgId;
    const plan = findPlan(session.metadata?.planId ?? '');
    const subscriptionId = idOf(session.subscription);
    if (session.mode !== 'subscription' || !isUuid(orgId) || !plan || !subscriptionId) return ignored;
    const before = await this.accounts.lock(orgId, tx);
    const customerId = idOf(session.customer);
    // a later event of this very subscription may have been applied already: keep its state, only link the customer
    const newer = before.stripeSubscriptionId === subscriptionId && before.stripeStateAt && before.stripeStateAt > created;
    const after = await tx.billingAccount.update({
      where: { orgId },
      data: newer
        ? { stripeCustomerId: customerId ?? before.stripeCustomerId }
        : { planId: plan.id, status: 'ACTIVE', cancelAtPeriodEnd: false, stripeSubscriptionId: subscriptionId, stripeCustomerId: customerId ?? before.stripeCustomerId, stripeStateAt: created },
    });
    return { outcome: 'applied', change: planChange(orgId, before, after, 'stripe') };
  }

  private async subscriptionChanged(tx: BillingTx, sub: Stripe.Subscription, created: Date, deleted: boolean): Promise<Applied> {
    const before = await this.accountFor(tx, sub.id, idOf(sub.customer), sub.metadata?.orgId);
    if (!before) return ignored;
    const tracked = before.stripeSubscriptionId;
    // another subscription's events count only once the tracked one is over (a re-subscription)
    if (tracked && tracked !== sub.id && before.status !== 'CANCELED') return ignored;
    const sameEnded = tracked === sub.id && before.status === 'CANCELED';
    if (sameEnded || (!deleted && before.stripeStateAt && created < before.stripeStateAt)) return ignored;
    const state = subscriptionState(sub);
    const planId = deleted ? 'free' : (planOfSubscription(sub) ?? before.planId);
    const after = await tx.billingAccount.update({
      where: { orgId: before.orgId },
      data: {
        planId,
        status: deleted ? 'CANCELED' : state.status,
        cancelAtPeriodEnd: deleted ? false : state.cancelAtPeriodEnd,
        currentPeriodEnd: state.currentPeriodEnd ?? before.currentPeriodEnd,
        stripeSubscriptionId: sub.id,
        stripeCustomerId: idOf(sub.customer) ?? before.stripeCustomerId,
        stripeStateAt: before.stripeStateAt && before.stripeStateAt > created ? before.stripeStateAt : created,
      },
    });
    return { outcome: 'applied', change: planChange(before.orgId, before, after, 'stripe') };
  }

  private async invoice(tx: BillingTx, invoice: Stripe.Invoice, created: Date, paid: boolean): Promise<Applied> {
    const facts = invoiceFacts(invoice);
    const before = await this.accountFor(tx, facts.subscriptionId, facts.customerId, facts.orgId);
    if (!before) return ignored;
    await this.payments.recordStripeInvoice(tx, {
      orgId: before.orgId,
      planId: facts.planId && findPlan(facts.planId) ? facts.planId : before.planId,
      invoiceId: invoice.id!,
      amountCents: toHundredths(paid ? invoice.amount_paid : invoice.amount_due, invoice.currency),
      currency: invoice.currency.toUpperCase(),
      paid,
      periodStart: facts.periodStart,
      periodEnd: facts.periodEnd,
    });
    const current = facts.subscriptionId !== null && facts.subscriptionId === before.stripeSubscriptionId && before.status !== 'CANCELED';
    if (!current || (before.stripeStateAt && created < before.stripeStateAt)) return { outcome: 'applied', change: null };
    const periodEnd = paid && facts.periodEnd && (!before.currentPeriodEnd || facts.periodEnd > before.currentPeriodEnd) ? facts.periodEnd : before.currentPeriodEnd;
    const after = await tx.billingAccount.update({
      where: { orgId: before.orgId },
      data: { status: paid ? 'ACTIVE' : 'PAST_DUE', currentPeriodEnd: periodEnd, stripeStateAt: created },
    });
    return { outcome: 'applied', change: planChange(before.orgId, before, after, 'stripe') };
  }

  /** The account a Stripe object belongs to, locked: by subscription, then customer, then our metadata. */
  private async accountFor(tx: BillingTx, subscriptionId: string | null, customerId: string | null, orgId: string | undefined | null): Promise<AccountRow | null> {
    const found =
      (subscriptionId ? await tx.billingAccount.findUnique({ where: { stripeSubscriptionId: subscriptionId } }) : null) ??
      (customerId ? await this.accounts.findByStripeCustomer(customerId, tx) : null);
    const target = found?.orgId ?? (isUuid(orgId) ? orgId : null);
    if (!target) {
      this.log.warn({ subscriptionId, customerId }, 'stripe event for no known organization');
      return null;
    }
    return this.accounts.lock(target, tx);
  }
}
