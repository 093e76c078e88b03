import type { IdentityDb } from '../db.js';

export class OrganizationService {
  constructor(private readonly db: IdentityDb) {}

  findByIds(ids: readonly string[]) {
    return this.db.organization.findMany({ where: { id: { in: [...ids] } } });
  }
}
