import { randomUUID } from 'node:crypto';
import { Unauthenticated } from '../../../internal/errors.js';
import type { IdentityDb } from '../db.js';
import type { AccessTokens } from '../keys/access-token.js';
import { hashSecretToken, newSecretToken } from './secret-token.js';

type UserRow = { id: string; orgId: string; role: 'ADMIN' | 'TEACHER' | 'STUDENT'; email: string };

class RefreshReuse extends Error {}

/**
 * Sessions: an access token plus a refresh token that rotates on every use.
 * Tokens of one login form a family; presenting a rotated (or revoked) token
 * again means it leaked, so the whole family is revoked.
 */
export class SessionService {
  constructor(
    private readonly db: IdentityDb,
    private readonly tokens: AccessTokens,
    private readonly refreshTtlMs: number,
  ) {}

  async start<U extends UserRow>(user: U, familyId: string = randomUUID()) {
    const refresh = newSecretToken();
    await this.db.refreshToken.create({
      data: { userId: user.id, familyId, tokenHash: refresh.hash, expiresAt: new Date(Date.now() + this.refreshTtlMs) },
    });
    return this.payload(user, refresh.token);
  }

  async rotate(rawToken: string) {
    const row = await this.db.refreshToken.findUnique({ where: { tokenHash: hashSecretToken(rawToken) }, include: { user: true } });
    if (!row) throw Unauthenticated('Invalid refresh token');
    if (row.revokedAt || row.replacedById) {
      await this.revokeFamily(row.familyId);
      throw Unauthenticated('Refresh token was already used; this login has been signed out everywhere');
    }
    if (row.expiresAt <= new Date()) throw Unauthenticated('Refresh token expired; sign in again');
    const next = newSecretToken();
    try {
      await this.db.$transaction(async (tx) => {
        const created = await tx.refreshToken.create({
          data: { userId: row.userId, familyId: row.familyId, tokenHash: next.hash, expiresAt: new Date(Date.now() + this.refreshTtlMs) },
        });
        // conditional update: of two concurrent rotations only one wins
        const { count } = await tx.refreshToken.updateMany({
          where: { id: row.id, replacedById: null, revokedAt: null },
          data: { replacedById: created.id },
        });
        if (count !== 1) throw new RefreshReuse();
      });
    } catch (err) {
      if (!(err instanceof RefreshReuse)) throw err;
      await this.revokeFamily(row.familyId);
      throw Unauthenticated('Refresh token was already used; this login has been signed out everywhere');
    }
    return this.payload(row.user, next.token);
  }

  /** Ends the login the token belongs to. Unknown tokens are ignored: logout is idempotent. */
  async end(rawToken: string): Promise<void> {
    const row = await this.db.refreshToken.findUnique({ where: { tokenHash: hashSecretToken(rawToken) } });
    if (row) await this.revokeFamily(row.familyId);
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
  }

  private payload<U extends UserRow>(user: U, refreshToken: string) {
    const accessToken = this.tokens.sign({ sub: user.id, org: user.orgId, role: user.role, email: user.email });
    return { accessToken, refreshToken, expiresIn: this.tokens.ttlSeconds, user };
  }
}
