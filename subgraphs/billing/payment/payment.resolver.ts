import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { claimsOf } from '../../../internal/graphql/context.js';
import { PageArgs, pageSize, toConnection } from '../../../internal/graphql/connection.js';
import type { BillingContext } from '../context.js';
import { Plan, toPlan } from '../plan/plan.type.js';
import { planOrFree } from '../plan/plans.js';
import type { PaymentService } from './payment.service.js';
import { ManualPaymentInput, Payment, PaymentConnection } from './payment.type.js';

@Resolver(() => Payment)
export class PaymentResolver {
  constructor(private readonly paymentService: PaymentService) {}

  @Mutation(() => Payment, { nullable: true, description: 'Platform operators only (OPERATOR_EMAILS): records a confirmed manual payment and activates its plan' })
  recordManualPayment(@Arg('input', () => ManualPaymentInput) input: ManualPaymentInput, @Ctx() ctx: BillingContext) {
    return this.paymentService.recordManual(claimsOf(ctx), input);
  }

  @Query(() => PaymentConnection, { nullable: true, description: "ADMIN. The organization's payments, newest first" })
  async payments(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() ctx: BillingContext) {
    const size = pageSize(first);
    return toConnection(await this.paymentService.list(claimsOf(ctx).org, size, after), size);
  }

  @FieldResolver(() => Plan)
  plan(@Root() payment: Payment) {
    return toPlan(planOrFree(payment.planId));
  }
}
