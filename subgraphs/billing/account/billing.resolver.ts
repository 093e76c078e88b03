import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { claimsOf } from '../../../internal/graphql/context.js';
import type { BillingContext } from '../context.js';
import { effectivePlan } from './effective-plan.js';
import type { CheckoutService } from '../stripe/checkout.service.js';
import { CheckoutSession } from '../stripe/checkout.type.js';
import { BillingAccount, Usage } from './account.type.js';
import { toBillingAccount, toUsage } from './account.view.js';

@Resolver(() => BillingAccount)
export class BillingResolver {
  constructor(private readonly checkout: CheckoutService) {}

  @Query(() => BillingAccount, { nullable: true, description: "The caller's organization's plan, status and usage" })
  async billing(@Ctx() ctx: BillingContext) {
    const { org } = claimsOf(ctx);
    return toBillingAccount(org, await ctx.loaders.account.load(org));
  }

  @Mutation(() => CheckoutSession, { nullable: true, description: 'ADMIN. Starts a Stripe Checkout for a paid plan; without Stripe: MANUAL_PAYMENT_REQUIRED' })
  startCheckout(@Arg('planId', () => ID) planId: string, @Ctx() ctx: BillingContext) {
    return this.checkout.start(claimsOf(ctx), planId);
  }

  @Mutation(() => BillingAccount, { nullable: true, description: 'ADMIN. The card subscription ends at currentPeriodEnd instead of renewing' })
  async cancelSubscription(@Ctx() ctx: BillingContext) {
    const { org } = claimsOf(ctx);
    return toBillingAccount(org, await this.checkout.cancel(claimsOf(ctx)));
  }

  @FieldResolver(() => Usage)
  async usage(@Root() account: BillingAccount, @Ctx() ctx: BillingContext) {
    const [row, used] = await Promise.all([ctx.loaders.account.load(account.orgId), ctx.loaders.usage.load(account.orgId)]);
    return toUsage(used, effectivePlan(row));
  }
}
