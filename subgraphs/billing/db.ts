import type { PrismaClient } from '../../internal/db/prisma.js';

/** The only Prisma models the billing subgraph may touch. */
export type BillingDb = Pick<
  PrismaClient,
  'billingAccount' | 'billingPayment' | 'billingStripeEvent' | 'billingUsage' | 'billingQuotaReservation' | '$transaction' | '$queryRaw' | '$executeRaw'
>;

/** What a transaction callback receives. */
export type BillingTx = Parameters<Parameters<BillingDb['$transaction']>[0]>[0];
