import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The persona subgraph's entity; avatar only adds `avatar` to it. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Persona {
  @Field(() => ID)
  id!: string;
}
