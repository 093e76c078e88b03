import { z } from 'zod';
import { env, loadConfig, subgraphEnv, type ConfigOf } from '../../internal/config/env.js';

const optionalSecret = (prefix: string, description: string) =>
  z
    .string()
    .startsWith(prefix, { message: `must start with ${prefix}` })
    .optional()
    .describe(description);

export const envShape = {
  ...subgraphEnv,
  PORT: env.port(4007),
  STRIPE_SECRET_KEY: optionalSecret('sk_', 'Stripe secret key (sk_live_… or sk_test_…); without it card checkout is off and payments are manual'),
  STRIPE_WEBHOOK_SECRET: optionalSecret('whsec_', 'signing secret of the Stripe webhook endpoint (whsec_…); without it POST /webhooks/stripe answers 503'),
  STRIPE_API_URL: env
    .url('base URL of the Stripe API, e.g. https://api.stripe.com (tests point it at a local server)')
    .default('https://api.stripe.com'),
  CHECKOUT_SUCCESS_URL: env.url('where Stripe Checkout sends the payer after paying').default('http://localhost:3000/billing?checkout=success'),
  CHECKOUT_CANCEL_URL: env.url('where Stripe Checkout sends the payer who cancels').default('http://localhost:3000/billing?checkout=cancel'),
  OPERATOR_EMAILS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean))
    .describe('comma-separated e-mails of platform operators who may record manual payments'),
  QUOTA_RESET_CRON: z.string().min(9).default('0 0 1 * *').describe('cron pattern (UTC) of the monthly quota reset job'),
  BILLING_JOBS: env.boolFlag(true).describe('true or false: run the quota reset job worker in this process'),
};
export type BillingConfig = ConfigOf<typeof envShape>;
export const loadBillingConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(envShape, source);
