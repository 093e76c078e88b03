import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The persona subgraph's entity; analytics only knows its id and the gateway fetches the rest. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Persona')
export class PersonaRef {
  @Field(() => ID)
  id!: string;
}
