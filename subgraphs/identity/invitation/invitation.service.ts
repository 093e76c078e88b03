import type { Claims } from '../../../internal/auth/claims.js';
import { BadInput } from '../../../internal/errors.js';
import type { EventPublisher } from '../../../internal/events/events.js';
import { isUniqueViolation } from '../../../internal/db/prisma.js';
import type { IdentityDb } from '../db.js';
import type { Role } from '../user/user.type.js';
import type { SessionService } from '../auth/session.service.js';
import type { InvitationSeats } from './invitation-seats.service.js';
import { assertStrongPassword, hashPassword } from '../auth/password.js';
import { hashSecretToken, newSecretToken } from '../auth/secret-token.js';
import { normalizeEmail, requireText } from '../auth/validation.js';

const invalidInvitation = () =>
  BadInput('This invitation is invalid, expired or already used; ask for a new one', { field: 'token', reason: 'INVALID_INVITATION' });

class InvitationGone extends Error {}

export class InvitationService {
  constructor(
    private readonly db: IdentityDb,
    private readonly sessions: SessionService,
    private readonly events: EventPublisher,
    private readonly seats: InvitationSeats,
    private readonly ttlMs: number,
  ) {}

  /**
   * Creates a one-time invitation holding one seat of the plan; earlier
   * pending invitations for the same e-mail stop working and give their
   * seats back (or hand theirs over when the plan is full).
   */
  async invite(admin: Claims, token: string | null, rawEmail: string, role: Role) {
    const email = normalizeEmail(rawEmail);
    const existing = await this.db.user.findUnique({ where: { email } });
    if (existing) throw BadInput('This e-mail already has an account', { field: 'email', reason: 'EMAIL_TAKEN' });
    const { seat, refusal } = await this.seats.reserve(admin.org, token);
    const secret = newSecretToken();
    let result;
    try {
      result = await this.db.$transaction(async (tx) => {
        const now = new Date();
        const replaced = await tx.invitation.updateManyAndReturn({
          where: { orgId: admin.org, email, acceptedAt: null, revokedAt: null },
          data: { revokedAt: now },
          select: { seatReservationId: true, expiresAt: true },
        });
        const held = seat?.id ?? replaced.find((r) => r.seatReservationId && r.expiresAt > now)?.seatReservationId;
        if (!held) throw refusal ?? new Error('no seat reserved for the invitation');
        const invitation = await tx.invitation.create({
          data: { orgId: admin.org, email, role, tokenHash: secret.hash, invitedById: admin.sub, expiresAt: new Date(Date.now() + this.ttlMs), seatReservationId: held },
        });
        const freed = replaced.map((r) => r.seatReservationId).filter((id): id is string => !!id && id !== held);
        return { invitation, freed };
      });
    } catch (err) {
      if (seat) await this.seats.release([seat.id], token);
      throw err;
    }
    await this.seats.release(result.freed, token);
    return { ...result.invitation, token: secret.token };
  }

  /** Consumes the invitation and creates the member, both or neither. */
  async accept(token: string, rawName: string, password: string, expectedEmail?: string) {
    const invitation = await this.db.invitation.findUnique({ where: { tokenHash: hashSecretToken(token) } });
    if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= new Date()) throw invalidInvitation();
    if (expectedEmail !== undefined && normalizeEmail(expectedEmail) !== invitation.email) {
      throw BadInput('This invitation was sent to a different e-mail address', { field: 'email' });
    }
    const name = requireText(rawName, 'name', 100);
    assertStrongPassword(password, invitation.email);
    const passwordHash = await hashPassword(password);
    let user;
    try {
      user = await this.db.$transaction(async (tx) => {
        const { count } = await tx.invitation.updateMany({
          where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
          data: { acceptedAt: new Date() },
        });
        if (count !== 1) throw new InvitationGone();
        return tx.user.create({ data: { orgId: invitation.orgId, email: invitation.email, name, role: invitation.role, passwordHash } });
      });
    } catch (err) {
      if (err instanceof InvitationGone) throw invalidInvitation();
      if (isUniqueViolation(err)) throw BadInput('This e-mail already has an account', { field: 'email', reason: 'EMAIL_TAKEN' });
      throw err;
    }
    await this.events.publish({ type: 'user_registered', orgId: user.orgId, userId: user.id, payload: { role: user.role, invited: true } });
    return this.sessions.start(user);
  }
}
