import type { TokenVerifier } from '../../internal/auth/verifier.js';
import { createContextFactory } from '../../internal/graphql/context.js';
import { instanceContainer } from '../../internal/graphql/container.js';
import type { Logger } from '../../internal/logger.js';
import { createSubgraphServer, type SubgraphServer } from '../../internal/server/subgraph.js';
import { openSubgraphResources } from '../../internal/server/subgraph-resources.js';
import { AccountService } from './account/account.service.js';
import { BillingResolver } from './account/billing.resolver.js';
import type { BillingConfig } from './config.js';
import { createBillingLoaders, type BillingLoaders } from './context.js';
import { OrganizationResolver } from './organization/organization.resolver.js';
import { PaymentResolver } from './payment/payment.resolver.js';
import { PaymentService } from './payment/payment.service.js';
import { PlanResolver } from './plan/plan.resolver.js';
import { startQuotaResetJob, type QuotaResetJob } from './quota/quota-reset.job.js';
import { mountQuotaRoutes } from './quota/quota.routes.js';
import { QuotaService } from './quota/quota.service.js';
import { buildSchema } from './schema.js';
import { CheckoutService } from './stripe/checkout.service.js';
import { StripeEventService } from './stripe/stripe-events.service.js';
import { createStripeApi } from './stripe/stripe.api.js';
import { mountStripeWebhook } from './stripe/webhook.routes.js';

export interface BillingServer extends SubgraphServer {
  log: Logger;
}

/** Builds the billing subgraph (nothing listens until `listen`; the reset job's worker starts here when enabled). */
export async function createBillingServer(config: BillingConfig, options: { verifier?: TokenVerifier } = {}): Promise<BillingServer> {
  const resources = openSubgraphResources('billing', config, options);
  const { log, metrics, prisma, events, verifier } = resources;
  const stripe = config.STRIPE_SECRET_KEY ? createStripeApi({ secretKey: config.STRIPE_SECRET_KEY, apiUrl: config.STRIPE_API_URL }) : null;

  const accounts = new AccountService(prisma);
  const quotas = new QuotaService(prisma, accounts);
  const payments = new PaymentService(prisma, accounts, events);
  const checkout = new CheckoutService(prisma, accounts, stripe, { successUrl: config.CHECKOUT_SUCCESS_URL, cancelUrl: config.CHECKOUT_CANCEL_URL });
  const stripeEvents = new StripeEventService(prisma, accounts, payments, events, log);

  const schema = await buildSchema(
    instanceContainer([new PlanResolver(), new BillingResolver(checkout), new PaymentResolver(payments), new OrganizationResolver()]),
    { operatorEmails: config.OPERATOR_EMAILS },
  );
  const context = createContextFactory<BillingLoaders>({ verifier, log, createLoaders: () => createBillingLoaders(accounts, quotas) });
  const resetJob: QuotaResetJob | null = config.BILLING_JOBS
    ? await startQuotaResetJob({ redisUrl: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX, pattern: config.QUOTA_RESET_CRON }, quotas, log)
    : null;

  const server = await createSubgraphServer({
    name: 'billing',
    log,
    metrics,
    schema,
    context,
    readiness: resources.readiness,
    routes: (app) => {
      mountStripeWebhook(app, config.STRIPE_WEBHOOK_SECRET, stripeEvents, log);
      mountQuotaRoutes(app, quotas, verifier, log);
    },
    onClose: resources.closeAfter(async () => {
      await resetJob?.close();
    }),
  });
  return { ...server, log };
}
