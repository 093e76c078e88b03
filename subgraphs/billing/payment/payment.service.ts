import type { Claims } from '../../../internal/auth/claims.js';
import { BadInput } from '../../../internal/errors.js';
import type { EventPublisher } from '../../../internal/events/events.js';
import { isUniqueViolation } from '../../../internal/db/prisma.js';
import { keysetAfter, keysetOrder } from '../../../internal/graphql/connection.js';
import type { AccountService } from '../account/account.service.js';
import { planChange, publishPlanChanges } from '../account/plan-changes.js';
import type { BillingDb, BillingTx } from '../db.js';
import { addMonths, validateManualPayment } from './manual-payment.validation.js';
import type { ManualPaymentInput } from './payment.type.js';

export interface StripeInvoicePayment {
  orgId: string;
  planId: string;
  invoiceId: string;
  amountCents: number;
  currency: string;
  paid: boolean;
  periodStart: Date | null;
  periodEnd: Date | null;
}

const duplicateReference = (reference: string) =>
  BadInput(`A payment with reference ${reference} was already recorded for this method`, { field: 'reference', reason: 'DUPLICATE_REFERENCE' });

export class PaymentService {
  constructor(
    private readonly db: BillingDb,
    private readonly accounts: AccountService,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Records an operator-confirmed payment and activates its plan for
   * `months`: from the end of the current period when it extends the same
   * manually paid plan, from now otherwise. Payment and activation commit
   * together; a duplicate reference changes nothing.
   */
  async recordManual(operator: Claims, input: ManualPaymentInput) {
    const payment = validateManualPayment(input);
    const now = new Date();
    let result;
    try {
      result = await this.db.$transaction(async (tx) => {
        const before = await this.accounts.lock(payment.orgId, tx);
        if (before.stripeSubscriptionId && before.status !== 'CANCELED') {
          throw BadInput('This organization pays by card (Stripe subscription); cancel it before recording manual payments', { field: 'organizationId', reason: 'CARD_SUBSCRIPTION_ACTIVE' });
        }
        const extends_ = before.planId === payment.plan.id && !before.stripeSubscriptionId && before.currentPeriodEnd && before.currentPeriodEnd > now;
        const periodStart = extends_ ? before.currentPeriodEnd! : now;
        const periodEnd = addMonths(periodStart, payment.months);
        const row = await tx.billingPayment.create({
          data: {
            orgId: payment.orgId,
            planId: payment.plan.id,
            amountCents: payment.amountCents,
            currency: payment.currency,
            method: payment.method,
            reference: payment.reference,
            phoneNumber: payment.phoneNumber,
            months: payment.months,
            status: 'SUCCEEDED',
            periodStart,
            periodEnd,
            recordedById: operator.sub,
          },
        });
        const after = await tx.billingAccount.update({
          where: { orgId: payment.orgId },
          data: { planId: payment.plan.id, status: 'ACTIVE', currentPeriodEnd: periodEnd, cancelAtPeriodEnd: false, stripeSubscriptionId: null, stripeStateAt: null },
        });
        return { row, change: planChange(payment.orgId, before, after, 'manual', operator.sub) };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicateReference(payment.reference);
      throw err;
    }
    await publishPlanChanges(this.events, [result.change]);
    return result.row;
  }

  /** One page of the organization's payments, newest first; one extra row tells whether more follow. */
  list(orgId: string, size: number, after: string | null | undefined) {
    return this.db.billingPayment.findMany({
      where: { orgId, ...keysetAfter(after, 'desc') },
      orderBy: keysetOrder('desc'),
      take: size + 1,
    });
  }

  /** A Stripe invoice in the history: one row per invoice, FAILED until it is paid (never back). */
  async recordStripeInvoice(tx: BillingTx, invoice: StripeInvoicePayment): Promise<void> {
    const status = invoice.paid ? 'SUCCEEDED' : 'FAILED';
    const existing = await tx.billingPayment.findUnique({ where: { method_reference: { method: 'CARD', reference: invoice.invoiceId } } });
    if (existing) {
      if (invoice.paid && existing.status !== 'SUCCEEDED') await tx.billingPayment.update({ where: { id: existing.id }, data: { status, amountCents: invoice.amountCents } });
      return;
    }
    await tx.billingPayment.create({
      data: {
        orgId: invoice.orgId,
        planId: invoice.planId,
        amountCents: invoice.amountCents,
        currency: invoice.currency,
        method: 'CARD',
        reference: invoice.invoiceId,
        months: 1,
        status,
        periodStart: invoice.periodStart,
        periodEnd: invoice.periodEnd,
      },
    });
  }
}
