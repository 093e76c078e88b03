import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The persona subgraph's entity; knowledge contributes `knowledgeSources`. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Persona {
  @Field(() => ID)
  id!: string;
}
