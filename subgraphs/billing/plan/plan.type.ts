import { SafeIntResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CURRENCIES, type Currency, type PlanDefinition } from './plans.js';

@ObjectType({ description: 'A price of a plan in one currency' })
export class PlanPrice {
  @Field({ description: 'ISO 4217 code: USD or RWF' })
  currency!: string;

  @Field(() => Int, { description: 'Monthly price in hundredths of the unit (US cents; RWF × 100)' })
  amountCents!: number;
}

@ObjectType({ description: 'A subscription plan and the limits it sets' })
export class Plan {
  @Field(() => ID, { description: 'free, basic, pro or enterprise' })
  id!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: 'Monthly price in hundredths of `currency` (US cents by default)' })
  priceCents!: number;

  @Field({ description: 'Currency of priceCents' })
  currency!: string;

  @Field(() => [PlanPrice], { description: 'The monthly price in every currency the plan is sold in' })
  prices!: PlanPrice[];

  @Field(() => Int, { nullable: true, description: 'Messages per calendar month; null = unlimited' })
  messagesPerMonth!: number | null;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Knowledge storage in bytes; null = unlimited' })
  storageBytes!: number | null;

  @Field(() => Int, { nullable: true, description: 'Members plus pending invitations; null = unlimited' })
  seats!: number | null;
}

/** The GraphQL view of a plan definition, priced in `currency`. */
export function toPlan(plan: PlanDefinition, currency: Currency = 'USD'): Plan {
  return {
    id: plan.id,
    name: plan.name,
    priceCents: plan.monthlyPriceCents[currency],
    currency,
    prices: CURRENCIES.map((c) => ({ currency: c, amountCents: plan.monthlyPriceCents[c] })),
    messagesPerMonth: plan.limits.messages,
    storageBytes: plan.limits.storageBytes,
    seats: plan.limits.seats,
  };
}
