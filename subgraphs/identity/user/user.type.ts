import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../../../internal/db/generated/enums.js';
import { Organization } from '../organization/organization.type.js';

registerEnumType(Role, { name: 'Role', description: 'What a member may do in their organization' });
export { Role };

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A member of an organization' })
export class User {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Organization)
  organization?: Organization;

  orgId!: string;
}
