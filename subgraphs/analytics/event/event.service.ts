import type { AnalyticsDb } from '../db.js';
import type { EventRow } from './event-row.js';

export type StoreOutcome = 'stored' | 'duplicate';

/** Stores events once per event id, and keeps the projection of who is who. */
export class EventService {
  constructor(private readonly db: AnalyticsDb) {}

  /**
   * Idempotent: a redelivered event (same id) is skipped by the primary key.
   * The projection update is idempotent too, so a retry after a crash
   * between the two steps still ends with both done.
   */
  async record(row: EventRow): Promise<StoreOutcome> {
    const { count } = await this.db.analyticsEvent.createMany({
      data: [{ ...row, payload: row.payload as object }],
      skipDuplicates: true,
    });
    if (row.type === 'user_registered' && row.userId) await this.rememberUser(row);
    return count === 1 ? 'stored' : 'duplicate';
  }

  /** First registration wins: a user belongs to one organization with the role they joined with. */
  private async rememberUser(row: EventRow) {
    const role = typeof row.payload.role === 'string' ? row.payload.role.toUpperCase() : null;
    // INSERT … ON CONFLICT DO NOTHING: concurrent duplicates cannot race into a unique violation
    await this.db.analyticsUser.createMany({
      data: [{ userId: row.userId!, orgId: row.orgId, role, registeredAt: row.occurredAt }],
      skipDuplicates: true,
    });
  }
}
