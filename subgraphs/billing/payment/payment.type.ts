import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PaymentMethod, PaymentStatus } from '../../../internal/db/generated/enums.js';
import { ConnectionType } from '../../../internal/graphql/connection.js';
import { Plan } from '../plan/plan.type.js';

registerEnumType(PaymentMethod, { name: 'PaymentMethod', description: 'CARD (Stripe), MTN_MOMO, AIRTEL_MONEY, BANK_TRANSFER or CASH' });
registerEnumType(PaymentStatus, { name: 'PaymentStatus' });
export { PaymentMethod, PaymentStatus };

@ObjectType({ description: 'A payment in the organization’s history: a recorded manual payment or a Stripe invoice' })
export class Payment {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'In hundredths of the currency unit (US cents; RWF × 100)' })
  amountCents!: number;

  @Field()
  currency!: string;

  @Field(() => PaymentMethod)
  method!: PaymentMethod;

  @Field({ description: "The provider's transaction id, bank reference, receipt number or Stripe invoice id" })
  reference!: string;

  @Field(() => String, { nullable: true })
  phoneNumber!: string | null;

  @Field(() => Int, { description: 'Months of the plan this payment covers' })
  months!: number;

  @Field(() => PaymentStatus)
  status!: PaymentStatus;

  @Field(() => Plan)
  plan?: Plan;

  @Field(() => Date, { nullable: true })
  periodStart!: Date | null;

  @Field(() => Date, { nullable: true })
  periodEnd!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  planId!: string;
}

export const PaymentConnection = ConnectionType('Payment', Payment);

@InputType({ description: 'A mobile-money, bank or cash payment an operator confirmed' })
export class ManualPaymentInput {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => ID, { description: 'basic, pro or enterprise' })
  planId!: string;

  @Field(() => Int, { description: 'In hundredths of the currency unit (US cents; RWF × 100)' })
  amountCents!: number;

  @Field({ description: 'USD or RWF' })
  currency!: string;

  @Field(() => PaymentMethod, { description: 'MTN_MOMO, AIRTEL_MONEY, BANK_TRANSFER or CASH' })
  method!: PaymentMethod;

  @Field({ description: 'Transaction id or receipt number; unique per method (a second record of it is refused)' })
  reference!: string;

  @Field(() => String, { nullable: true, description: 'Payer’s phone number; required for MTN_MOMO and AIRTEL_MONEY' })
  phoneNumber?: string | null;

  @Field(() => Int, { nullable: true, description: 'Months the payment activates the plan for (1–36, default 1)' })
  months?: number | null;
}
