import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** identity's Organization, as billing knows it: only the key, to contribute plan and usage. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Organization {
  @Field(() => ID)
  id!: string;
}
