import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The identity subgraph's entity, referenced by id only. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User')
export class UserRef {
  @Field(() => ID)
  id!: string;
}
