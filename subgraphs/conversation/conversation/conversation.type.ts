import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { PersonaRef } from '../references/persona.ref.js';
import { UserRef } from '../references/user.ref.js';

@Directive('@key(fields: "id")')
@ObjectType({ description: "A member's chat with a persona" })
export class Conversation {
  @Field(() => ID)
  id!: string;

  @Field(() => PersonaRef)
  persona?: PersonaRef;

  @Field(() => UserRef, { description: 'The member who owns the conversation' })
  user?: UserRef;

  @Field(() => Int)
  messageCount!: number;

  @Field(() => Date, { nullable: true })
  lastMessageAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  orgId!: string;
  userId!: string;
  personaId!: string;
}
