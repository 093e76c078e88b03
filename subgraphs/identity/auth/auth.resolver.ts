import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { IdentityContext } from '../context.js';
import { AuthPayload, RegisterInput } from './auth.type.js';
import type { AuthService } from './auth.service.js';
import type { SessionService } from './session.service.js';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
  ) {}

  @Mutation(() => AuthPayload, { description: 'Creates an organization (with orgName) or joins one (with invitationToken)' })
  register(@Arg('input', () => RegisterInput) input: RegisterInput) {
    return this.auth.register(input);
  }

  @Mutation(() => AuthPayload)
  login(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: IdentityContext) {
    return this.auth.login(email, password, ctx.clientIp);
  }

  @Mutation(() => AuthPayload, { name: 'refreshToken', description: 'Rotates the refresh token; a reused token signs the login out everywhere' })
  refresh(@Arg('refreshToken', () => String) refreshToken: string) {
    return this.sessions.rotate(refreshToken);
  }

  @Mutation(() => Boolean, { description: 'Ends the login the refresh token belongs to' })
  async logout(@Arg('refreshToken', () => String) refreshToken: string) {
    await this.sessions.end(refreshToken);
    return true;
  }
}
