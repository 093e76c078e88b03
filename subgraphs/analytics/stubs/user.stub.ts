import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** identity's User; analytics contributes `progress` to it (progress.resolver.ts). */
@Directive('@key(fields: "id")')
@ObjectType('User')
export class UserRef {
  @Field(() => ID)
  id!: string;
}

/** Any User { id } resolves here: access is checked on the fields analytics adds. */
export const resolveUserReference = (ref: { id: string }) => ({ id: ref.id });
