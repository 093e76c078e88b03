import { BadInput, Unauthenticated } from '../../../internal/errors.js';
import type { EventPublisher } from '../../../internal/events/events.js';
import { isUniqueViolation } from '../../../internal/db/prisma.js';
import type { IdentityDb } from '../db.js';
import type { InvitationService } from '../invitation/invitation.service.js';
import type { UserService } from '../user/user.service.js';
import type { RegisterInput } from './auth.type.js';
import type { LoginThrottle } from './login-throttle.js';
import { assertStrongPassword, hashPassword, verifyPassword } from './password.js';
import type { SessionService } from './session.service.js';
import { normalizeEmail, requireText } from './validation.js';

export const emailTaken = () => BadInput('An account with this e-mail already exists', { field: 'email', reason: 'EMAIL_TAKEN' });

export class AuthService {
  constructor(
    private readonly db: IdentityDb,
    private readonly users: UserService,
    private readonly sessions: SessionService,
    private readonly invitations: InvitationService,
    private readonly throttle: LoginThrottle,
    private readonly events: EventPublisher,
  ) {}

  /** New organization with the caller as ADMIN, or joining one through an invitation. */
  async register(input: RegisterInput) {
    if (input.invitationToken && !input.orgName) {
      return this.invitations.accept(input.invitationToken, input.name, input.password, input.email);
    }
    if (!input.orgName) throw BadInput('Give orgName to create an organization, or an invitationToken to join one', { field: 'orgName' });
    const email = normalizeEmail(input.email);
    const name = requireText(input.name, 'name', 100);
    const orgName = requireText(input.orgName, 'orgName', 120);
    assertStrongPassword(input.password, email);
    const passwordHash = await hashPassword(input.password);
    let user;
    try {
      user = await this.db.$transaction(async (tx) => {
        const org = await tx.organization.create({ data: { name: orgName } });
        return tx.user.create({ data: { orgId: org.id, email, name, role: 'ADMIN', passwordHash } });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
    await this.events.publish({ type: 'user_registered', orgId: user.orgId, userId: user.id, payload: { role: user.role, createdOrganization: true } });
    return this.sessions.start(user);
  }

  async login(rawEmail: string, password: string, clientIp: string) {
    const email = rawEmail.trim().toLowerCase();
    await this.throttle.assertAllowed(email, clientIp);
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok) {
      await this.throttle.recordFailure(email, clientIp);
      // one message for unknown e-mail and wrong password: no account enumeration
      throw Unauthenticated('Invalid e-mail or password');
    }
    await this.throttle.recordSuccess(email);
    await this.users.markLoggedIn(user.id);
    await this.events.publish({ type: 'login', orgId: user.orgId, userId: user.id, payload: {} });
    return this.sessions.start(user);
  }
}
