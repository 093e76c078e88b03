import type { AnalyticsDb } from '../db.js';
import type { EventRow } from './event-row.js';

export type StoreOutcome = 'stored' | 'duplicate';

/** Stores events once per event id, and keeps the projection of who is who. */
export class EventService {
  constructor(private readonly db: AnalyticsDb) {}

  async record(row: EventRow): Promise<StoreOutcome> {
    const stored = await this.recordMany([row]);
    return stored.has(row.id) ? 'stored' : 'duplicate';
  }

  /**
   * One multi-row INSERT … ON CONFLICT (id) DO NOTHING: a redelivered event
   * (same id) is skipped by the primary key. Returns the ids that were new.
   * The projection update is insert-if-absent too, so a retry after a crash
   * between the two steps still ends with both done.
   */
  async recordMany(rows: EventRow[]): Promise<Set<string>> {
    const inserted = await this.db.analyticsEvent.createManyAndReturn({
      data: rows.map((row) => ({ ...row, payload: row.payload as object })),
      skipDuplicates: true,
      select: { id: true },
    });
    const registrations = rows.filter((row) => row.type === 'user_registered' && row.userId);
    if (registrations.length) await this.rememberUsers(registrations);
    return new Set(inserted.map((r) => r.id));
  }

  /** First registration wins: a user belongs to one organization with the role they joined with. */
  private async rememberUsers(rows: EventRow[]) {
    // INSERT … ON CONFLICT DO NOTHING: concurrent duplicates cannot race into a unique violation
    await this.db.analyticsUser.createMany({
      data: rows.map((row) => ({
        userId: row.userId!,
        orgId: row.orgId,
        role: typeof row.payload.role === 'string' ? row.payload.role.toUpperCase() : null,
        registeredAt: row.occurredAt,
      })),
      skipDuplicates: true,
    });
  }
}
