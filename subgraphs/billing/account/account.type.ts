import { SafeIntResolver } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BillingStatus } from '../../../internal/db/generated/enums.js';
import { Plan } from '../plan/plan.type.js';

registerEnumType(BillingStatus, { name: 'BillingStatus', description: 'ACTIVE, PAST_DUE (a card payment failed; Stripe retries) or CANCELED' });
export { BillingStatus };

export enum PaidBy {
  NONE = 'NONE',
  CARD = 'CARD',
  MANUAL = 'MANUAL',
}
registerEnumType(PaidBy, { name: 'PaidBy', description: 'How the current plan is paid: NONE (free), CARD (Stripe subscription) or MANUAL (recorded payment)' });

@ObjectType({ description: "An organization's usage against its plan's limits; a null limit is unlimited" })
export class Usage {
  @Field(() => Int, { description: 'User messages this calendar month (UTC)' })
  messagesUsed!: number;

  @Field(() => Int, { nullable: true })
  messagesLimit!: number | null;

  @Field(() => SafeIntResolver)
  storageBytesUsed!: number;

  @Field(() => SafeIntResolver, { nullable: true })
  storageBytesLimit!: number | null;

  @Field(() => Int, { description: 'Members plus pending invitations' })
  seatsUsed!: number;

  @Field(() => Int, { nullable: true })
  seatsLimit!: number | null;

  @Field(() => Date, { description: 'When the message count started (first day of the month, UTC)' })
  periodStart!: Date;

  @Field(() => Date, { description: 'When the message count resets' })
  periodEnd!: Date;
}

@ObjectType({ description: "The caller's organization's subscription" })
export class BillingAccount {
  @Field(() => Plan, { description: 'The plan whose limits apply now' })
  plan!: Plan;

  @Field(() => BillingStatus)
  status!: BillingStatus;

  @Field(() => Date, { nullable: true, description: 'End of the paid period (null on free)' })
  currentPeriodEnd!: Date | null;

  @Field({ description: 'The subscription ends at currentPeriodEnd instead of renewing' })
  cancelAtPeriodEnd!: boolean;

  @Field(() => PaidBy)
  paidBy!: PaidBy;

  @Field(() => Usage)
  usage?: Usage;

  orgId!: string;
}
