import { BadInput } from '../../../internal/errors.js';
import { PaymentMethod } from '../../../internal/db/generated/enums.js';
import { findPlan, parseCurrency, type Currency, type PlanDefinition } from '../plan/plans.js';
import { isUuid } from '../uuid.js';
import type { ManualPaymentInput } from './payment.type.js';

export interface ManualPayment {
  orgId: string;
  plan: PlanDefinition;
  amountCents: number;
  currency: Currency;
  method: PaymentMethod;
  reference: string;
  phoneNumber: string | null;
  months: number;
}

const MOBILE_MONEY: PaymentMethod[] = [PaymentMethod.MTN_MOMO, PaymentMethod.AIRTEL_MONEY];

/** Checks and normalizes an operator's input; every problem is a BAD_USER_INPUT naming its field. */
export function validateManualPayment(input: ManualPaymentInput): ManualPayment {
  if (!isUuid(input.organizationId)) throw BadInput('organizationId must be an organization id', { field: 'organizationId' });
  const plan = findPlan(input.planId);
  if (!plan || plan.id === 'free') throw BadInput('planId must be basic, pro or enterprise', { field: 'planId' });
  if (input.method === PaymentMethod.CARD) throw BadInput('Card payments arrive from Stripe; record MTN_MOMO, AIRTEL_MONEY, BANK_TRANSFER or CASH', { field: 'method' });
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) throw BadInput('amountCents must be a positive whole number', { field: 'amountCents' });
  const reference = input.reference.trim();
  if (!/^[\w./:#-]{3,100}$/.test(reference)) throw BadInput('reference must be 3–100 letters, digits or ./:#-_', { field: 'reference' });
  const months = input.months ?? 1;
  if (!Number.isInteger(months) || months < 1 || months > 36) throw BadInput('months must be between 1 and 36', { field: 'months' });
  const phoneNumber = input.phoneNumber ? input.phoneNumber.replace(/[\s-]/g, '') : null;
  if (phoneNumber !== null && !/^\+?\d{9,15}$/.test(phoneNumber)) throw BadInput('phoneNumber must be 9–15 digits, optionally with a leading +', { field: 'phoneNumber' });
  if (MOBILE_MONEY.includes(input.method) && !phoneNumber) throw BadInput('phoneNumber is required for mobile-money payments', { field: 'phoneNumber' });
  return {
    orgId: input.organizationId.toLowerCase(),
    plan,
    amountCents: input.amountCents,
    currency: parseCurrency(input.currency),
    method: input.method,
    reference,
    phoneNumber,
    months,
  };
}

/** `months` calendar months after `start` (the 31st becomes the last day of a shorter month). */
export function addMonths(start: Date, months: number): Date {
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + months);
  if (end.getUTCDate() !== start.getUTCDate()) end.setUTCDate(0);
  return end;
}
