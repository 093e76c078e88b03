import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A Stripe Checkout session: send the payer to `url`' })
export class CheckoutSession {
  @Field()
  url!: string;

  @Field()
  sessionId!: string;
}
