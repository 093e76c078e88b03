import { keysetAfter, keysetOrder } from '../../../internal/graphql/connection.js';
import type { IdentityDb } from '../db.js';

export class UserService {
  constructor(private readonly db: IdentityDb) {}

  findByIds(ids: readonly string[]) {
    return this.db.user.findMany({ where: { id: { in: [...ids] } } });
  }

  findByEmail(email: string) {
    return this.db.user.findUnique({ where: { email: email.toLowerCase() } });
  }

  /** One page of an organization's members in join order; fetches one extra row to know if more follow. */
  listMembers(orgId: string, size: number, after: string | null | undefined) {
    return this.db.user.findMany({
      where: { orgId, ...keysetAfter(after) },
      orderBy: keysetOrder(),
      take: size + 1,
    });
  }

  markLoggedIn(id: string) {
    return this.db.user.update({ where: { id }, data: { lastLoginAt: new Date() } });
  }
}
