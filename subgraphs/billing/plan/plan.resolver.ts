import { Arg, Query, Resolver } from 'type-graphql';
import { BadInput } from '../../../internal/errors.js';
import { Plan, toPlan } from './plan.type.js';
import { CURRENCIES, PLANS, type Currency } from './plans.js';

export function parseCurrency(value: string, field = 'currency'): Currency {
  const code = value.trim().toUpperCase();
  if (!CURRENCIES.includes(code as Currency)) throw BadInput(`${field} must be one of ${CURRENCIES.join(', ')}`, { field });
  return code as Currency;
}

@Resolver()
export class PlanResolver {
  @Query(() => [Plan], { description: 'Every plan, cheapest first; open to anyone (pricing page)' })
  plans(@Arg('currency', () => String, { nullable: true, description: 'USD (default) or RWF' }) currency?: string | null) {
    const chosen = currency ? parseCurrency(currency) : 'USD';
    return PLANS.map((plan) => toPlan(plan, chosen));
  }
}
