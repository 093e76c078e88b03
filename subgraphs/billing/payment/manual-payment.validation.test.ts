import { addMonths, validateManualPayment } from './manual-payment.validation.js';
import { PaymentMethod } from '../../../internal/db/generated/enums.js';

test('months are calendar months; the 31st ends on the last day of a shorter month', () => {
  expect(addMonths(new Date('2026-01-15T10:00:00Z'), 1).toISOString()).toBe('2026-02-15T10:00:00.000Z');
  expect(addMonths(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
  expect(addMonths(new Date('2026-11-30T00:00:00Z'), 3).toISOString()).toBe('2027-02-28T00:00:00.000Z');
});

test('input is normalized: currency, phone number, organization id, default months', () => {
  const payment = validateManualPayment({
    organizationId: '6F1C1E2A-8D1B-4F0E-9A54-1F2B3C4D5E6F',
    planId: 'basic',
    amountCents: 3_000_000,
    currency: 'rwf',
    method: PaymentMethod.AIRTEL_MONEY,
    reference: ' AM-2026-0001 ',
    phoneNumber: '+250 733-123 456',
  });
  expect(payment).toMatchObject({ orgId: '6f1c1e2a-8d1b-4f0e-9a54-1f2b3c4d5e6f', currency: 'RWF', reference: 'AM-2026-0001', phoneNumber: '+250733123456', months: 1 });
});

test('a reference with spaces or odd characters is refused', () => {
  expect(() =>
    validateManualPayment({ organizationId: '6f1c1e2a-8d1b-4f0e-9a54-1f2b3c4d5e6f', planId: 'pro', amountCents: 1, currency: 'USD', method: PaymentMethod.CASH, reference: 'rcpt 1; drop' }),
  ).toThrow(/reference/);
});
