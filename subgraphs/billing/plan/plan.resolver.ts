import { Arg, Query, Resolver } from 'type-graphql';
import { Plan, toPlan } from './plan.type.js';
import { parseCurrency, PLANS } from './plans.js';

@Resolver()
export class PlanResolver {
  @Query(() => [Plan], { description: 'Every plan, cheapest first; open to anyone (pricing page)' })
  plans(@Arg('currency', () => String, { nullable: true, description: 'USD (default) or RWF' }) currency?: string | null) {
    const chosen = currency ? parseCurrency(currency) : 'USD';
    return PLANS.map((plan) => toPlan(plan, chosen));
  }
}
