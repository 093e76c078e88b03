import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../user/user.type.js';

@ObjectType({ description: 'An invitation to join an organization' })
export class Invitation {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: 'One-time token for acceptInvitation; only returned when the invitation is created' })
  token!: string | null;

  @Field(() => Date)
  expiresAt!: Date;
}
