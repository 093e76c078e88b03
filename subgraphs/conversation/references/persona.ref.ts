import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** The persona subgraph's entity; this subgraph contributes conversationCount. */
@Directive('@key(fields: "id")')
@ObjectType('Persona')
export class PersonaRef {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: "Conversations with this persona in the caller's organization" })
  conversationCount?: number;
}
