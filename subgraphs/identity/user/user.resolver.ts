import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { claimsOf } from '../../../internal/graphql/context.js';
import { ConnectionType, PageArgs, pageSize, toConnection } from '../../../internal/graphql/connection.js';
import type { IdentityContext } from '../context.js';
import { Organization } from '../organization/organization.type.js';
import type { UserService } from './user.service.js';
import { User } from './user.type.js';

export const UserConnection = ConnectionType('User', User);

@Resolver(() => User)
export class UserResolver {
  constructor(private readonly users: UserService) {}

  @Query(() => User, { nullable: true, description: 'The signed-in user' })
  me(@Ctx() ctx: IdentityContext) {
    return ctx.loaders.user.load(claimsOf(ctx).sub);
  }

  @Query(() => UserConnection, { nullable: true, description: "Members of the caller's organization (ADMIN, TEACHER)" })
  async members(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() ctx: IdentityContext) {
    const size = pageSize(first);
    const rows = await this.users.listMembers(claimsOf(ctx).org, size, after);
    for (const row of rows) ctx.loaders.user.prime(row.id, row);
    return toConnection(rows, size);
  }

  @FieldResolver(() => Organization)
  organization(@Root() user: User, @Ctx() ctx: IdentityContext) {
    return ctx.loaders.organization.load(user.orgId);
  }
}
