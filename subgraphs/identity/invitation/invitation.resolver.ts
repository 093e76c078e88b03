import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { claimsOf } from '../../../internal/graphql/context.js';
import { AuthPayload } from '../auth/auth.type.js';
import type { IdentityContext } from '../context.js';
import { Role } from '../user/user.type.js';
import type { InvitationService } from './invitation.service.js';
import { Invitation } from './invitation.type.js';

@Resolver()
export class InvitationResolver {
  constructor(private readonly invitations: InvitationService) {}

  @Mutation(() => Invitation, { nullable: true, description: 'ADMIN only. The returned token is shown once' })
  inviteMember(@Arg('email', () => String) email: string, @Arg('role', () => Role) role: Role, @Ctx() ctx: IdentityContext) {
    return this.invitations.invite(claimsOf(ctx), ctx.token, email, role);
  }

  @Mutation(() => AuthPayload)
  acceptInvitation(
    @Arg('token', () => String) token: string,
    @Arg('name', () => String) name: string,
    @Arg('password', () => String) password: string,
  ) {
    return this.invitations.accept(token, name, password);
  }
}
